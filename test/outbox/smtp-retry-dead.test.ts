import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { Connection } from 'mongoose'
import { ManualClock } from '../../src/clock.js'
import type { Container } from '../../src/container.js'
import { PRIORITY } from '../../src/outbox/message.js'
import { startEmailWebhookDelivery } from '../../src/outbox/start-email-webhook-delivery.js'
import { formatOutboxListing } from '../../src/outbox/outbox-listing.js'
import { registry } from '../../src/metrics.js'
import { setOutboxCountsSource } from '../../src/outbox/outbox-metrics.js'
import { openTestDb, closeTestDb, testDbUri } from '../support/db.js'
import { outboxContainer } from './support/outbox-test-container.js'
import { startSmtpCapture, type SmtpCapture } from './support/smtp-capture.js'

const run = promisify(execFile)

async function metric(name: string, channel: string): Promise<number> {
  const m = (await registry.getMetricsAsJSON()).find((x) => x.name === name)
  const v = (m?.values ?? []).find((x) => x.labels.channel === channel)
  return Number(v?.value ?? 0)
}

describe('outbox: a failing SMTP server → retries with backoff → dead, listed', () => {
  const START = '2026-07-01T02:00:00Z'
  let db: Connection
  let c: Container
  let smtp: SmtpCapture
  let clock: ManualClock

  beforeAll(async () => {
    smtp = await startSmtpCapture()
  })
  afterAll(async () => {
    await smtp.close()
  })
  // every test starts from an empty outbox of its own, a refusing server and the clock at START
  beforeEach(async () => {
    db = await openTestDb('outbox_smtp_fail')
    smtp.mails.length = 0
    smtp.refused = 0
    smtp.failWith = { code: 451, message: 'mailbox busy, try later' }
    clock = new ManualClock(START)
    c = await outboxContainer(db, { SMTP_URL: smtp.url, OUTBOX_MAX_ATTEMPTS: '3' }, clock)
    // the process-wide queued gauge reads this test's outbox, not an earlier test's closed database
    setOutboxCountsSource(() => c.outbox.counts())
  })
  afterEach(async () => {
    await closeTestDb(db)
  })

  /** `key` tried three times against the refusing server (0 s, 30 s, 90 s): dead. */
  async function givenDeadMail(key: string): Promise<void> {
    await c.outbox.enqueue({
      key,
      target: { channel: 'email', to: ['chief@bureau.example'] },
      text: '逾期未报：U9',
      priority: PRIORITY.alert,
    })
    const { email } = startEmailWebhookDelivery(c, { autoStart: false })
    for (const wait of [0, 30_000, 60_000]) {
      clock.advance(wait)
      await email.tick()
    }
    expect(await c.outbox.findByKey(key)).toMatchObject({ state: 'dead', attempts: 3 })
  }

  it('retries after 30 s and 60 s, then gives up and keeps the message as dead', async () => {
    const deadBefore = await metric('tianbao_outbox_dead_total', 'email')
    const failedBefore = await metric('tianbao_outbox_failed_total', 'email')
    await c.outbox.enqueue({
      key: 'escalation:R1:U9',
      target: { channel: 'email', to: ['chief@bureau.example'] },
      text: '逾期未报：U9',
      priority: PRIORITY.alert,
    })
    const { email } = startEmailWebhookDelivery(c, { autoStart: false })

    expect(await email.tick()).toBe(0)
    expect(smtp.refused).toBe(1)
    let doc = await c.outbox.findByKey('escalation:R1:U9')
    expect(doc).toMatchObject({ state: 'failed', attempts: 1, dueAt: new Date('2026-07-01T02:00:30Z') })
    expect(doc?.lastError).toMatch(/451|busy/)

    // not due yet: nothing is tried
    clock.advance(29_000)
    await email.tick()
    expect(smtp.refused).toBe(1)

    clock.advance(1_000)
    await email.tick()
    expect(smtp.refused).toBe(2)
    doc = await c.outbox.findByKey('escalation:R1:U9')
    expect(doc).toMatchObject({ state: 'failed', attempts: 2, dueAt: new Date('2026-07-01T02:01:30Z') })

    clock.advance(60_000)
    await email.tick()
    expect(smtp.refused).toBe(3)
    doc = await c.outbox.findByKey('escalation:R1:U9')
    expect(doc).toMatchObject({ state: 'dead', attempts: 3 })

    // dead stays dead: the server recovering later does not resurrect it on its own
    smtp.failWith = undefined
    clock.advance(3_600_000)
    await email.tick()
    expect(smtp.mails).toHaveLength(0)

    expect(await metric('tianbao_outbox_failed_total', 'email')).toBe(failedBefore + 3)
    expect(await metric('tianbao_outbox_dead_total', 'email')).toBe(deadBefore + 1)
    const listing = formatOutboxListing(await c.outbox.counts(), await c.outbox.list(['dead']), clock.now())
    expect(listing).toContain('email   dead     1')
    expect(listing).toMatch(/dead +email +reminder\/alert +attempts 3 .*escalation:R1:U9 → chief@bureau\.example/)
    expect(listing).toMatch(/last error: .*busy/)
  })

  it('npm run admin -- outbox --state dead lists it from the database', async () => {
    await givenDeadMail('escalation:R1:U9')
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/admin.ts', 'outbox', '--state', 'dead'],
      {
        env: {
          ...process.env,
          MONGODB_URI: testDbUri(),
          MONGO_DB_NAME: db.name,
          LOG_LEVEL: 'silent',
          NODE_OPTIONS: '',
        },
        timeout: 30_000,
      },
    )
    expect(stdout).toContain('escalation:R1:U9')
    expect(stdout).toContain('1 message(s):')
  })

  it('npm run admin -- outbox revive <key> queues it again with a fresh budget, and it is delivered once', async () => {
    await givenDeadMail('escalation:R1:U9')
    smtp.failWith = undefined // the server has recovered
    const env = {
      ...process.env,
      MONGODB_URI: testDbUri(),
      MONGO_DB_NAME: db.name,
      LOG_LEVEL: 'silent',
      NODE_OPTIONS: '',
    }
    const missing = await run(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'outbox', 'revive'], {
      env,
      timeout: 30_000,
    }).catch((e: { code: number; stderr: string }) => e)
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('--all-dead') })
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/admin.ts', 'outbox', 'revive', 'escalation:R1:U9', 'no-such-key'],
      { env, timeout: 30_000 },
    )
    expect(stdout).toContain('1 dead message(s) queued again (1 of the keys named were not dead)')
    expect(await c.outbox.findByKey('escalation:R1:U9')).toMatchObject({ state: 'pending', attempts: 0 })
    const { email } = startEmailWebhookDelivery(c, { autoStart: false })
    clock.set(new Date()) // the CLI stamped it with the real clock
    await email.tick()
    await email.tick()
    expect(smtp.mails).toHaveLength(1)
    expect(await c.outbox.findByKey('escalation:R1:U9')).toMatchObject({ state: 'sent' })
  })
})
