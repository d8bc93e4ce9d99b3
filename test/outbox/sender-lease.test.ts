import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import mongoose, { type Connection } from 'mongoose'
import type { Container } from '../../src/container.js'
import { PRIORITY, type OutboxInput } from '../../src/outbox/message.js'
import { startWechatDelivery } from '../../src/outbox/start-wechat-delivery.js'
import { openTestDb, closeTestDb, testDbUri } from '../support/db.js'
import { outboxContainer } from './support/outbox-test-container.js'
import { startMockWechat, type MockWechat } from './support/mock-wechat.js'
import { waitFor, sleep } from './support/wait-for.js'

const pacing = { perWindow: 100, windowMs: 1000, minGapMs: 10, switchMs: 0 }
const TOPIC = '一中财务群'

/** Two "processes" for one bot account: their own connection, container and logged-in bot each. */
describe('outbox: two WeChat sender processes for one account', () => {
  let db: Connection
  let db2: Connection
  let a: { c: Container; wx: MockWechat }
  let b: { c: Container; wx: MockWechat }

  beforeAll(async () => {
    db = await openTestDb('outbox_two_senders')
    db2 = mongoose.createConnection(testDbUri(), { dbName: db.name })
    await db2.asPromise()
    a = { c: await outboxContainer(db), wx: await startMockWechat('proc-a') }
    b = { c: await outboxContainer(db2), wx: await startMockWechat('proc-b') }
    for (const p of [a, b]) {
      p.wx.mocker.createRoom({ topic: TOPIC, memberIdList: [p.wx.user.id] })
      await p.wx.login()
    }
  })
  afterAll(async () => {
    await a.wx.stop()
    await b.wx.stop()
    await db2.close()
    await closeTestDb(db)
  })

  const msgs = (from: number, n: number): OutboxInput[] =>
    Array.from({ length: n }, (_, i) => ({
      key: `notice:N:${from + i}`,
      target: { channel: 'wechat', roomTopic: TOPIC },
      text: `通知 ${from + i}`,
      priority: PRIORITY.notice,
    }))

  it('never both send; the standby takes over when the lease lapses', async () => {
    const opts = { pacing, pollMs: 20, senderLeaseMs: 2000 }
    const da = startWechatDelivery({ container: a.c, wechaty: a.wx.bot, owner: 'proc-a', ...opts })
    await sleep(100) // proc-a starts first and takes the lease
    const dbb = startWechatDelivery({ container: b.c, wechaty: b.wx.bot, owner: 'proc-b', ...opts })
    await a.c.outbox.enqueueMany(msgs(0, 20))
    await waitFor(() => a.wx.sent.length + b.wx.sent.length >= 20, '20 sends')
    await sleep(300)
    expect(a.wx.sent).toHaveLength(20)
    expect(b.wx.sent).toHaveLength(0)
    expect(da.isSender()).toBe(true)
    expect(dbb.isSender()).toBe(false)

    // proc-a dies without releasing the lease; its messages wait until the lease lapses
    await da.stop({ release: false })
    const crashedAt = Date.now()
    await b.c.outbox.enqueueMany(msgs(20, 10))
    await waitFor(() => b.wx.sent.length >= 10, 'the standby sends', 10_000)
    await dbb.stop()

    expect(b.wx.sent[0].at - crashedAt).toBeGreaterThanOrEqual(1000)
    expect(Math.max(...a.wx.sent.map((s) => s.at))).toBeLessThan(Math.min(...b.wx.sent.map((s) => s.at)))
    const texts = [...a.wx.sent, ...b.wx.sent].map((s) => s.text)
    expect(new Set(texts).size).toBe(30)
    expect(texts).toHaveLength(30)
  })
})
