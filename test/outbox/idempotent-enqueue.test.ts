import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Connection } from 'mongoose'
import type { Container } from '../../src/container.js'
import { PRIORITY, type OutboxInput } from '../../src/outbox/message.js'
import { startEmailWebhookDelivery } from '../../src/outbox/start-email-webhook-delivery.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { outboxContainer } from './support/outbox-test-container.js'
import { startSmtpCapture, outboxKeyOf, type SmtpCapture } from './support/smtp-capture.js'
import { waitFor, sleep } from './support/wait-for.js'
import { registry } from '../../src/metrics.js'
import { setOutboxCountsSource } from '../../src/outbox/outbox-metrics.js'

const mail = (key: string, extra: Partial<OutboxInput> = {}): OutboxInput => ({
  key,
  target: { channel: 'email', to: ['finance@unit.example'] },
  text: `正文 ${key}`,
  subject: `主题 ${key}`,
  priority: PRIORITY.notice,
  ...extra,
})

describe('outbox: idempotent enqueue, merging and priority (real SMTP)', () => {
  let db: Connection
  let c: Container
  let smtp: SmtpCapture

  beforeAll(async () => {
    smtp = await startSmtpCapture()
  })
  afterAll(async () => {
    await smtp.close()
  })
  // every test: an outbox of its own and no mail received yet
  beforeEach(async () => {
    db = await openTestDb('outbox_idem')
    smtp.mails.length = 0
    c = await outboxContainer(db, { SMTP_URL: smtp.url })
    // the process-wide queued gauge reads this test's outbox, not an earlier test's closed database
    setOutboxCountsSource(() => c.outbox.counts())
  })
  afterEach(async () => {
    await closeTestDb(db)
  })

  it('the same key inserted twice (enqueue and enqueueMany) is stored and sent once', async () => {
    expect(await c.outbox.enqueue(mail('reminder:R1:U1:first'))).toBe(true)
    expect(await c.outbox.enqueue(mail('reminder:R1:U1:first', { text: 'a second version' }))).toBe(false)
    expect(
      await c.outbox.enqueueMany([
        mail('reminder:R1:U1:first'),
        mail('reminder:R1:U2:first'),
        mail('reminder:R1:U2:first'),
      ]),
    ).toBe(1)
    expect(await c.outbox.model.countDocuments({ key: /^reminder:R1:/ })).toBe(2)
    // enqueueMany's driver insert leaves absent fields out rather than storing them as null
    const raw = await c.outbox.model.collection.findOne({ key: 'reminder:R1:U2:first' })
    expect(raw && ['html', 'attachments', 'mergeGroup', 'account'].filter((k) => k in raw)).toEqual(['account'])
    expect(raw && Object.entries(raw).filter(([, v]) => v === null)).toEqual([])

    const delivery = startEmailWebhookDelivery(c, { pollMs: 20 })
    await waitFor(() => smtp.mails.length >= 2, 'two mails')
    await sleep(200)
    await delivery.stop()
    const keys = smtp.mails.map(outboxKeyOf).sort()
    expect(keys).toEqual(['reminder:R1:U1:first', 'reminder:R1:U2:first'])
    expect(smtp.mails.find((m) => outboxKeyOf(m) === 'reminder:R1:U1:first')?.text?.trim()).toBe(
      '正文 reminder:R1:U1:first',
    )
    const doc = await c.outbox.findByKey('reminder:R1:U1:first')
    expect(doc).toMatchObject({ state: 'sent', attempts: 0 })
    // re-enqueueing after it was sent still does nothing: the key is the reminder's identity
    expect(await c.outbox.enqueue(mail('reminder:R1:U1:first'))).toBe(false)
  })

  it('a batch larger than one insert (a sweep) goes in chunks: every key stored once, the count exact across chunks, the worker woken once', async () => {
    const keys = Array.from({ length: 1_700 }, (_, i) => `reminder:R9:U${i}:first`)
    // some keys stored already, spread over what become different chunks; one repeated inside the batch
    await c.outbox.enqueueMany([keys[3], keys[777], keys[1_650]].map((k) => mail(k)))
    let events = 0
    const off = c.outbox.onEnqueued(() => events++)
    const batch = [...keys, keys[1_000]].map((k) => mail(k))
    expect(await c.outbox.enqueueMany(batch)).toBe(keys.length - 3)
    off()
    expect(events).toBe(1) // the mail worker woken once for the batch (once per channel), not per chunk
    expect(await c.outbox.model.countDocuments({ key: /^reminder:R9:/ })).toBe(keys.length)
    // a second run of the same sweep stores nothing
    expect(await c.outbox.enqueueMany(batch)).toBe(0)
  })

  it('merges waiting messages for the same recipient and merge group into one mail, and sends replies before notices', async () => {
    await c.outbox.enqueueMany([
      mail('notice:N1', { target: { channel: 'email', to: ['x@unit.example'] } }),
      mail('reminder:R2:U3:project', {
        mergeGroup: 'reminder:R2:U3',
        text: '请填报：项目支出绩效监控表',
        priority: PRIORITY.reminder,
      }),
      mail('reminder:R2:U3:disclosure', {
        mergeGroup: 'reminder:R2:U3',
        text: '请填报：绩效信息公开表',
        priority: PRIORITY.reminder,
      }),
      mail('reply:1', { target: { channel: 'email', to: ['y@unit.example'] }, priority: PRIORITY.reply }),
    ])
    const delivery = startEmailWebhookDelivery(c, { pollMs: 20 })
    await waitFor(() => smtp.mails.length >= 3, 'three mails')
    await sleep(200)
    await delivery.stop()
    expect(smtp.mails.map(outboxKeyOf)).toEqual([
      'reply:1',
      'reminder:R2:U3:project reminder:R2:U3:disclosure',
      'notice:N1',
    ])
    expect(smtp.mails[1].text?.trim()).toBe('请填报：项目支出绩效监控表\n请填报：绩效信息公开表')
    expect(await c.outbox.findByKey('reminder:R2:U3:disclosure')).toMatchObject({
      state: 'sent',
      mergedInto: 'reminder:R2:U3:project',
    })
  })
  it('sends mail attachments and reports sent, latency and queued metrics', async () => {
    const value = async (name: string, labels: Record<string, string>) => {
      const m = (await registry.getMetricsAsJSON()).find((x) => x.name === name)
      const v = (m?.values ?? []).find((x) => Object.entries(labels).every(([k, l]) => x.labels[k] === l))
      return Number(v?.value ?? 0)
    }
    const sentBefore = await value('tianbao_outbox_sent_total', { channel: 'email' })
    const latencyBefore = await value('tianbao_outbox_send_seconds', { channel: 'email', le: '+Inf' })
    const xlsx = Buffer.from('PK\u0003\u0004 not really a workbook').toString('base64')
    await c.outbox.enqueue(
      mail('digest:2026-07-02', {
        attachments: [
          {
            filename: '进度.xlsx',
            contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            content: xlsx,
          },
        ],
      }),
    )
    await c.outbox.enqueue(mail('digest:later', { notBefore: new Date(Date.now() + 3_600_000) }))
    const delivery = startEmailWebhookDelivery(c, { pollMs: 20 })
    await waitFor(() => smtp.mails.length >= 1, 'the digest')
    await delivery.stop()
    expect(smtp.mails[0].attachments.map((a) => [a.filename, a.content.toString('base64')])).toEqual([
      ['进度.xlsx', xlsx],
    ])
    expect(await value('tianbao_outbox_sent_total', { channel: 'email' })).toBe(sentBefore + 1)
    expect(await value('tianbao_outbox_send_seconds', { channel: 'email', le: '+Inf' })).toBe(latencyBefore + 1)
    // the queued gauge reads the outbox itself: the digest planned for later is waiting
    expect(await value('tianbao_outbox_messages', { channel: 'email', state: 'pending' })).toBe(1)
    expect(await registry.metrics()).toContain('tianbao_outbox_messages{channel="email",state="sent"}')
  })
})

describe('outbox: without SMTP_URL mails become .eml files', () => {
  let db: Connection
  let dir: string

  beforeAll(async () => {
    db = await openTestDb('outbox_eml')
    dir = await mkdtemp(join(tmpdir(), 'tianbao-mail-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
    await closeTestDb(db)
  })

  it('writes the mail under MAIL_DIR', async () => {
    const c = await outboxContainer(db, { MAIL_DIR: dir })
    await c.outbox.enqueue(mail('digest:2026-07-01', { html: '<p>今日进度</p>' }))
    const delivery = startEmailWebhookDelivery(c, { pollMs: 20 })
    await waitFor(async () => (await readdir(dir)).length === 1, 'an .eml file')
    await delivery.stop()
    const [file] = await readdir(dir)
    expect(file).toMatch(/digest_2026-07-01\.eml$/)
    const eml = await readFile(join(dir, file), 'utf8')
    expect(eml).toContain('X-Tianbao-Outbox-Key: digest:2026-07-01')
    expect(eml).toContain('To: finance@unit.example')
    expect(await c.outbox.findByKey('digest:2026-07-01')).toMatchObject({ state: 'sent' })
  })
})
