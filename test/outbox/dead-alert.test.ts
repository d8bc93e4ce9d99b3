import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Connection } from 'mongoose'
import { ManualClock } from '../../src/clock.js'
import type { Container } from '../../src/container.js'
import { PRIORITY } from '../../src/outbox/message.js'
import { startEmailWebhookDelivery } from '../../src/outbox/start-email-webhook-delivery.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { outboxContainer } from './support/outbox-test-container.js'
import { startSmtpCapture, type SmtpCapture } from './support/smtp-capture.js'

/** A message that uses up its retries is not only listed: ops get one e-mail saying what and how to resend it. */
describe('outbox: a dead message → one alert e-mail to OPS_EMAIL', () => {
  let db: Connection
  let c: Container
  let smtp: SmtpCapture
  let robot: http.Server
  let base: string
  let clock: ManualClock

  beforeAll(async () => {
    smtp = await startSmtpCapture()
    // a WeCom robot endpoint that is down for maintenance
    robot = http.createServer((_req, res) => res.writeHead(503).end('{"errcode":-1,"errmsg":"system busy"}'))
    await new Promise<void>((r) => robot.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(robot.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await smtp.close()
    await new Promise((r) => robot.close(r))
  })
  // every test: an outbox (and robot pace) of its own, a mail server that accepts, the clock at the same instant
  beforeEach(async () => {
    db = await openTestDb('outbox_dead_alert')
    smtp.mails.length = 0
    smtp.refused = 0
    smtp.failWith = undefined
    clock = new ManualClock('2026-07-01T02:00:00Z')
    c = await outboxContainer(
      db,
      { SMTP_URL: smtp.url, OPS_EMAIL: 'ops@bureau.example', OUTBOX_MAX_ATTEMPTS: '2', WECOM_WEBHOOK_BASE: base },
      clock,
    )
  })
  afterEach(async () => {
    await closeTestDb(db)
  })

  it('names the message, its target, the last error and the revive command — once', async () => {
    await c.outbox.enqueue({
      key: 'reminder:R1:U7:d3',
      target: { channel: 'wecom', webhookKey: 'robot-key-1' },
      text: '【催报提醒】请尽快提交监控表',
      priority: PRIORITY.reminder,
      meta: { kind: 'reminder' },
    })
    const { email, wecom } = startEmailWebhookDelivery(c, { autoStart: false })
    await wecom.tick()
    clock.advance(60_000)
    await wecom.tick()
    expect(await c.outbox.findByKey('reminder:R1:U7:d3')).toMatchObject({ state: 'dead', attempts: 2 })
    await email.tick()
    await wecom.tick() // nothing more to try
    await email.tick()
    expect(smtp.mails).toHaveLength(1)
    const [mail] = smtp.mails
    expect(mail?.to).toMatchObject({ text: 'ops@bureau.example' })
    expect(mail?.subject).toContain('发送失败')
    expect(mail?.text).toContain('reminder:R1:U7:d3')
    expect(mail?.text).toMatch(/503|busy/)
    expect(mail?.text).toContain('npm run admin -- outbox revive reminder:R1:U7:d3')
  })

  it('an alert that cannot be delivered itself is listed, not alerted on again (no loop)', async () => {
    smtp.failWith = { code: 554, message: 'relay denied' }
    await c.outbox.enqueue({
      key: 'digest:R1:M1:2026-07-01',
      target: { channel: 'email', to: ['manager@bureau.example'] },
      text: '逾期未报单位',
      priority: PRIORITY.notice,
      meta: { kind: 'digest' },
    })
    const { email } = startEmailWebhookDelivery(c, { autoStart: false })
    for (let i = 0; i < 6; i++) {
      await email.tick()
      clock.advance(120_000)
    }
    expect(await c.outbox.findByKey('digest:R1:M1:2026-07-01')).toMatchObject({ state: 'dead' })
    expect(await c.outbox.findByKey('alert:dead:digest:R1:M1:2026-07-01')).toMatchObject({
      state: 'dead',
      meta: { kind: 'dead-message' },
    })
    expect(await c.outbox.findByKey('alert:dead:alert:dead:digest:R1:M1:2026-07-01')).toBeNull()
  })
})
