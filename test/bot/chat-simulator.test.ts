import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { spawn } from 'node:child_process'
import type { Connection } from 'mongoose'
import { openTestDb, closeTestDb, testDbUri } from '../support/db.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { botStateModel } from '../../src/db/models/bot-state.js'

/** Runs `npm run chat` as a newcomer would, fed by a pipe, against a test database. */
function runChat(dbName: string, args: string[], input: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chat.ts', ...args], {
      env: { ...process.env, MONGODB_URI: `${testDbUri()}/${dbName}`, LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', (code) => resolve({ code, out }))
    child.stdin.end(input)
  })
}

describe('npm run chat (terminal simulator)', () => {
  let db: Connection
  beforeAll(async () => {
    db = await openTestDb('chat_sim')
    await seedBotWorld(db, ['U1'])
  })
  afterAll(async () => closeTestDb(db))

  it('fed by a pipe, prints the bot replies in order and exits after EOF', async () => {
    const { code, out } = await runChat(db.name, ['--unit', 'U1', '--as', '张丽'], '进度\n填报\n20万 35万\n15万 30万\n5万 5万\n已养护道路60公里\n')
    expect(code).toBe(0)
    const bot = out.split('\n').filter((l) => l.startsWith('机器人>'))
    expect(bot[0]).toContain('2027年1-6月绩效运行监控')
    expect(out).toContain('项目支出绩效目标执行监控表：未填报')
    expect(out.indexOf('项目 1/1：乡村道路养护')).toBeGreaterThan(out.indexOf('未填报'))
    expect(out).toContain('请回复以下 3 项') // the partial block: one message asks for the rest
    expect(out.indexOf('已记录')).toBeGreaterThan(out.indexOf('项目 1/1'))
    // the simulator's mock login is not the service's bot: /readyz and /bot/qrcode never see it
    expect(await botStateModel(db).countDocuments()).toBe(0)
  }, 90_000)

  it('refuses to start without a known unit', async () => {
    const { code, out } = await runChat(db.name, ['--unit', 'NOPE'], '')
    expect(code).toBe(2)
    expect(out).toContain('no unit NOPE')
  }, 60_000)
})
