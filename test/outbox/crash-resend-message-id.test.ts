import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import type { Connection } from 'mongoose'
import { ManualClock } from '../../src/clock.js'
import type { Container } from '../../src/container.js'
import { DeliveryWorker } from '../../src/outbox/delivery-worker.js'
import { PRIORITY } from '../../src/outbox/message.js'
import { OutboxQueue } from '../../src/outbox/outbox-queue.js'
import { emailSender } from '../../src/outbox/senders/email-sender.js'
import { startEmailWebhookDelivery } from '../../src/outbox/start-email-webhook-delivery.js'
import { MAIL_ACCOUNT } from '../../src/outbox/to-record.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { outboxContainer } from './support/outbox-test-container.js'
import { startSmtpCapture, outboxKeyOf, type SmtpCapture } from './support/smtp-capture.js'
import { waitFor } from './support/wait-for.js'

const LEASE_MS = 120_000

/**
 * A worker that dies between the SMTP server accepting a mail and the outbox marking it sent: its
 * `queue.sent` is never reached (it hangs, as a killed process would). Another worker resends after the
 * lease — the same mail, so the recipient's mail client and server can drop the second copy.
 */
describe('outbox: an e-mail resent after a crash carries the same Message-ID', () => {
  let db: Connection
  let c: Container
  let smtp: SmtpCapture
  let clock: ManualClock

  // each test on a database, mail server and clock of its own: the lease lapses on this test's clock only
  beforeEach(async () => {
    clock = new ManualClock('2026-07-01T02:00:00Z')
    db = await openTestDb('outbox_crash_msgid')
    smtp = await startSmtpCapture()
    c = await outboxContainer(db, { SMTP_URL: smtp.url, MAIL_FROM: '填报 <tianbao@czj.example.cn>' }, clock)
  })
  afterEach(async () => {
    await smtp.close()
    await closeTestDb(db)
  })

  function crashingWorker(owner: string): DeliveryWorker {
    const queue = new OutboxQueue(c.outbox.model, clock, owner, LEASE_MS, c.config.pacing.maxAttempts)
    // the process is killed right after DATA was accepted: marking the message sent never happens
    const dead = Object.assign(Object.create(queue) as OutboxQueue, {
      sent: () => new Promise<number>(() => undefined),
    })
    return new DeliveryWorker({
      channel: 'email',
      account: MAIL_ACCOUNT,
      queue: dead,
      repo: c.outbox,
      sender: emailSender(c.config, c.logger),
      clock,
      logger: c.logger,
    })
  }

  it('a single message: both copies have <sha256(key)…@mail domain>', async () => {
    await c.outbox.enqueue({
      key: 'escalation:R1:U1',
      target: { channel: 'email', to: ['head@unit.example'] },
      text: '逾期未报：U1',
      priority: PRIORITY.alert,
    })
    void crashingWorker('host-a:1').tick()
    await waitFor(() => smtp.mails.length === 1, 'the first copy')

    clock.advance(LEASE_MS + 1_000)
    const { email } = startEmailWebhookDelivery(c, { autoStart: false, owner: 'host-b:2' })
    expect(await email.tick()).toBe(1)
    expect(smtp.mails.map(outboxKeyOf)).toEqual(['escalation:R1:U1', 'escalation:R1:U1'])
    const [first, second] = smtp.mails
    expect(first.messageId).toMatch(/^<[0-9a-f]{32}@czj\.example\.cn>$/)
    expect(second.messageId).toBe(first.messageId)
    expect(await c.outbox.findByKey('escalation:R1:U1')).toMatchObject({ state: 'sent' })
  })

  it('merged messages: the resend is the same merged mail with the same Message-ID', async () => {
    smtp.mails.length = 0
    const target = { channel: 'email' as const, to: ['chief@bureau.example'] }
    for (const unit of ['U3', 'U2'])
      await c.outbox.enqueue({
        key: `digest:R1:${unit}`,
        target,
        text: `逾期未报：${unit}`,
        priority: PRIORITY.alert,
        mergeGroup: 'digest',
      })
    void crashingWorker('host-a:3').tick()
    await waitFor(() => smtp.mails.length === 1, 'the first merged copy')

    // a third message for the same recipient arrives meanwhile: it must not change the resent mail
    clock.advance(LEASE_MS + 1_000)
    await c.outbox.enqueue({
      key: 'digest:R1:U4',
      target,
      text: '逾期未报：U4',
      priority: PRIORITY.alert,
      mergeGroup: 'digest',
    })
    const { email } = startEmailWebhookDelivery(c, { autoStart: false, owner: 'host-b:4' })
    await email.tick()
    const [first, second, third] = smtp.mails
    expect(outboxKeyOf(first)).toBe('digest:R1:U3 digest:R1:U2')
    expect(outboxKeyOf(second)).toBe(outboxKeyOf(first))
    expect(second.messageId).toBe(first.messageId)
    expect(outboxKeyOf(third)).toBe('digest:R1:U4')
    expect(third.messageId).not.toBe(first.messageId)
  })
})
