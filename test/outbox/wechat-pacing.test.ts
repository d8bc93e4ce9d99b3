import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import type { Connection } from 'mongoose'
import { ManualClock } from '../../src/clock.js'
import type { Container } from '../../src/container.js'
import { PRIORITY, type OutboxInput } from '../../src/outbox/message.js'
import { startWechatDelivery } from '../../src/outbox/start-wechat-delivery.js'
import type { PacingPolicy } from '../../src/outbox/pacing-policy.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { outboxContainer } from './support/outbox-test-container.js'
import { startMockWechat, type MockWechat } from './support/mock-wechat.js'
import { waitFor } from './support/wait-for.js'

// 600/min scaled into a 1 s window, so the cap binds within seconds: 10 per rolling second
const pacing: PacingPolicy = { perWindow: 10, windowMs: 1000, minGapMs: 20, switchMs: 150 }

describe('outbox: real WeChat sends through the mock puppet, paced', () => {
  let db: Connection
  let c: Container
  let wx: MockWechat
  const rooms: { id: string; topic: string }[] = []

  beforeAll(async () => {
    wx = await startMockWechat('pace')
    const staff = wx.mocker.createContact({ name: '张丽' })
    for (const topic of ['一中财务群', '二中财务群', '三中财务群']) {
      const r = wx.mocker.createRoom({ topic, memberIdList: [wx.user.id, staff.id] })
      rooms.push({ id: r.id, topic })
    }
    await wx.login()
  })
  afterAll(async () => {
    await wx.stop()
  })
  // every test: an outbox, pace and sender lease of its own (the logged-in bot and its rooms are shared)
  beforeEach(async () => {
    db = await openTestDb('outbox_wx_pace')
    c = await outboxContainer(db)
  })
  afterEach(async () => {
    await closeTestDb(db)
  })

  it('never exceeds the cap in any window, keeps the gap, pauses on room switches, across a restart', async () => {
    const msgs: OutboxInput[] = []
    const plan = [...Array(24).fill(0), ...Array(6).fill(1), ...Array(6).fill(2)] as number[]
    plan.forEach((r, i) =>
      msgs.push({
        key: `notice:N1:${i}`,
        target: { channel: 'wechat', roomId: rooms[r].id, roomTopic: rooms[r].topic },
        text: `通知 ${i}`,
        priority: PRIORITY.notice,
      }),
    )
    expect(await c.outbox.enqueueMany(msgs)).toBe(36)

    const before = wx.sent.length // the other test's sends went through the same puppet
    const first = startWechatDelivery({ container: c, wechaty: wx.bot, pacing, pollMs: 20, owner: 'proc-1' })
    await waitFor(() => wx.sent.length - before >= 15, '15 sends')
    await first.stop()
    // a restarted process reads the same pace from the database
    const second = startWechatDelivery({ container: c, wechaty: wx.bot, pacing, pollMs: 20, owner: 'proc-2' })
    await waitFor(() => wx.sent.length - before >= 36, 'all 36 sends', 20_000)
    await second.stop()

    const sent = wx.sent.slice(before)
    expect(sent.map((s) => s.text)).toEqual(msgs.map((m) => m.text))
    for (let i = 0; i + pacing.perWindow < sent.length; i++) {
      expect(sent[i + pacing.perWindow].at - sent[i].at).toBeGreaterThanOrEqual(pacing.windowMs)
    }
    let switches = 0
    for (let i = 1; i < sent.length; i++) {
      const gap = sent[i].at - sent[i - 1].at
      const switching = sent[i].conversationId !== sent[i - 1].conversationId
      if (switching) switches++
      expect(gap).toBeGreaterThanOrEqual(pacing.minGapMs + (switching ? pacing.switchMs : 0))
    }
    expect(switches).toBe(2)
    expect(await c.outbox.model.countDocuments({ state: 'sent' })).toBe(36)
    const span = sent[sent.length - 1].at - sent[0].at
    // 36 sends at ≤ 10/s need at least 3 full windows
    expect(span).toBeGreaterThanOrEqual(3 * pacing.windowMs)
    if (process.env.OUTBOX_PACING_REPORT) {
      const maxIn = Math.max(
        ...sent.map((s) => sent.filter((t) => t.at >= s.at && t.at < s.at + pacing.windowMs).length),
      )
      const gaps = sent.slice(1).map((s, i) => s.at - sent[i].at)
      console.log(
        `36 sends in ${span} ms; max ${maxIn} in any ${pacing.windowMs} ms; min gap ${Math.min(...gaps)} ms; switch gaps ${gaps.filter((_, i) => sent[i + 1].conversationId !== sent[i].conversationId).join(', ')} ms`,
      )
    }
  })
  it('a reply enqueued while notices wait for the window goes out first, on the same budget', async () => {
    // on a ManualClock the first window's budget is used up and stays used up until the test moves the
    // clock: the reply is enqueued while the notices wait, however slowly this machine sends (gaps are the first
    // test's)
    const clock = new ManualClock('2026-07-01T02:00:00Z')
    const cm = await outboxContainer(db, {}, clock)
    const windowOnly: PacingPolicy = { ...pacing, minGapMs: 0, switchMs: 0 }
    const wxm = await startMockWechat('pace-reply', () => clock.now().getTime())
    try {
      const staff = wxm.mocker.createContact({ name: '张丽' })
      const room = wxm.mocker.createRoom({ topic: '一中财务群', memberIdList: [wxm.user.id, staff.id] })
      await wxm.login()
      const to = { channel: 'wechat' as const, roomId: room.id, roomTopic: '一中财务群' }
      const notices: OutboxInput[] = Array.from({ length: 14 }, (_, i) => ({
        key: `notice:N2:${i}`,
        account: 'second',
        target: to,
        text: `通知二 ${i}`,
        priority: PRIORITY.notice,
      }))
      await cm.outbox.enqueueMany(notices)
      const d = startWechatDelivery({
        container: cm,
        wechaty: wxm.bot,
        account: 'second',
        pacing: windowOnly,
        pollMs: 20,
        maxHoldMs: 50,
      })
      await waitFor(() => wxm.sent.length >= pacing.perWindow, 'the first window of notices')
      // the eleventh notice has been claimed, refused a slot and given back: the worker now rests until the
      // window moves. (Moving the clock while that claim is in flight would let it take the slot first.)
      await waitFor(async () => {
        const next = await cm.outbox.model.findOne({ key: `notice:N2:${pacing.perWindow}` }).lean()
        return next?.state === 'pending' && next.claimToken !== undefined
      }, 'the next notice given back to wait for the window')
      await cm.outbox.enqueue({
        key: 'reply:staff:1',
        account: 'second',
        target: to,
        text: '已收到您的填报。',
        priority: PRIORITY.reply,
      })
      clock.advance(pacing.windowMs)
      await waitFor(() => wxm.sent.length >= 15, 'all 15 sends', 10_000)
      await d.stop()
      const texts = wxm.sent.map((s) => s.text)
      expect(texts.slice(0, pacing.perWindow)).toEqual(notices.slice(0, pacing.perWindow).map((n) => n.text))
      expect(texts[pacing.perWindow]).toBe('已收到您的填报。')
      const at = wxm.sent.map((s) => s.at)
      for (let i = 0; i + pacing.perWindow < at.length; i++)
        expect(at[i + pacing.perWindow] - at[i]).toBeGreaterThanOrEqual(pacing.windowMs)
    } finally {
      await wxm.stop()
    }
  })
})
