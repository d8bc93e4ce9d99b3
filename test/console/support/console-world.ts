import http from 'node:http'
import { existsSync, mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { Connection } from 'mongoose'
import type { mock } from 'wechaty-puppet-mock'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createApp } from '../../../src/http/app.js'
import { apiRouter } from '../../../src/http/routes/api-routes.js'
import { createLogger } from '../../../src/logger.js'
import { seedDemo, type SeedResult } from '../../../src/demo/seed-demo.js'
import { bureauStaffModel } from '../../../src/db/models/bureau-staff.js'
import type { AdminRole } from '../../../src/domain/admin-token.js'
import { BotHarness } from '../../support/bot-harness.js'
import { closeTestDb, openTestDb } from '../../support/db.js'

export const CHROMIUM = '/usr/bin/chromium'
/** Without Debian's chromium there is no browser to drive (CI installs it: .ci/run). */
export const haveChromium = existsSync(CHROMIUM)
export const RESULTS = fileURLToPath(new URL('../../../test-results/', import.meta.url))
const CONSOLE_DIR = fileURLToPath(new URL('../../../dist/console', import.meta.url))

/**
 * The real service for a browser: the API and the built console on an ephemeral port, on a test database
 * seeded with the demo county (its open round), the bot's WeChat simulated by the mock puppet with real
 * delivery, a bureau group bound with the bureau code, and a Chromium. One per test file.
 */
export interface ConsoleWorld {
  db: Connection
  h: BotHarness
  seed: SeedResult
  base: string
  browser: Browser
  bureau: { room: mock.RoomMock }
  /** the bureau staff of the directory asked for, members of the bureau group, by name */
  staff: Record<string, mock.ContactMock>
  page(viewport?: { width: number; height: number }): Promise<Page>
  close(): Promise<void>
}

/** A staff member: their console role, and whether the bot's account is their WeChat friend (a private link). */
export type StaffSpec = Record<string, { role: AdminRole; friend: boolean }>

export async function openConsoleWorld(label: string, people: StaffSpec = {}): Promise<ConsoleWorld> {
  let handler: http.RequestListener = (_req, res) => res.end()
  const server = http.createServer((req, res) => handler(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const db = await openTestDb(label)
  const h = new BotHarness(db, new Date().toISOString(), { PUBLIC_BASE_URL: base })
  const seed = await seedDemo(db, h.c.clock)
  await h.start()
  const app = createApp({
    logger: createLogger('silent'),
    bodyLimit: '256kb',
    corsOrigins: [],
    consoleDir: CONSOLE_DIR,
    routers: [apiRouter(h.c.api).router],
  })
  handler = app.callback()
  const boss = h.mocker.createContact({ name: '局办公室' })
  const staff: Record<string, mock.ContactMock> = {}
  for (const [name, p] of Object.entries(people)) {
    await bureauStaffModel(db).create({ name, email: `${name}@czj.example.gov.cn`, active: true, role: p.role })
    staff[name] = h.mocker.createContact({ name, friend: p.friend })
  }
  const members = [h.botUser.id, boss.id, ...Object.values(staff).map((c) => c.id)]
  const room = h.mocker.createRoom({ topic: '财政局绩效股', memberIdList: members })
  await h.say(boss, '绑定 BUREAU2027', room)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  mkdirSync(RESULTS, { recursive: true })
  return {
    db,
    h,
    seed,
    base,
    browser,
    bureau: { room },
    staff,
    async page(viewport = { width: 1366, height: 768 }) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN' })
      return context.newPage()
    },
    async close() {
      await browser.close()
      await h.stop()
      await new Promise((r) => server.close(r))
      await closeTestDb(db)
    },
  }
}
