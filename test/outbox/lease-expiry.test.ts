import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { ManualClock } from '../../src/clock.js'
import type { Container } from '../../src/container.js'
import { PRIORITY } from '../../src/outbox/message.js'
import { OutboxQueue } from '../../src/outbox/outbox-queue.js'
import { startEmailWebhookDelivery } from '../../src/outbox/start-email-webhook-delivery.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { outboxContainer } from './support/outbox-test-container.js'
import { startSmtpCapture, outboxKeyOf, type SmtpCapture } from './support/smtp-capture.js'

describe('outbox: a sender killed mid-send leaves a lease behind', () => {
  let db: Connection
  let c: Container
  let smtp: SmtpCapture
  const clock = new ManualClock('2026-07-01T02:00:00Z')

  beforeAll(async () => {
    db = await openTestDb('outbox_lease')
    smtp = await startSmtpCapture()
    c = await outboxContainer(db, { SMTP_URL: smtp.url }, clock)
  })
  afterAll(async () => {
    await smtp.close()
    await closeTestDb(db)
  })

  it('the next sender sends it once, after the lease expired', async () => {
    await c.outbox.enqueue({
      key: 'notice:N7:U1',
      target: { channel: 'email', to: ['a@unit.example'] },
      text: '通知',
      priority: PRIORITY.notice,
    })
    // a process claims the message and dies before it could send or record anything
    const doomed = new OutboxQueue(c.outbox.model, clock, 'host-a:4242', 120_000, c.config.pacing.maxAttempts)
    const orphan = await doomed.claim({ channel: 'email', account: 'mail' })
    expect(orphan?.docs.map((d) => d.key)).toEqual(['notice:N7:U1'])

    const { email } = startEmailWebhookDelivery(c, { autoStart: false, owner: 'host-b:7' })
    expect(await email.tick()).toBe(0) // still leased to host-a
    clock.advance(119_000)
    expect(await email.tick()).toBe(0)
    expect(smtp.mails).toHaveLength(0)

    clock.advance(2_000) // host-a's lease has lapsed
    expect(await email.tick()).toBe(1)
    expect(await email.tick()).toBe(0)
    expect(smtp.mails.map(outboxKeyOf)).toEqual(['notice:N7:U1'])
    const doc = await c.outbox.findByKey('notice:N7:U1')
    expect(doc).toMatchObject({ state: 'sent', attempts: 1, lastError: 'lease expired (sender stopped mid-send)' })

    // if host-a comes back to life and reports its stale claim, nothing changes
    if (orphan) expect(await doomed.sent(orphan)).toBe(0)
    const after = await c.outbox.findByKey('notice:N7:U1')
    expect(after?.state).toBe('sent')
    expect(after?.leaseOwner).toBeUndefined()
  })
})
