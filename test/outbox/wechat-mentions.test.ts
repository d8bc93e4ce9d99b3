import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import type { Container } from '../../src/container.js'
import { PRIORITY, type OutboxInput } from '../../src/outbox/message.js'
import { startWechatDelivery } from '../../src/outbox/start-wechat-delivery.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { outboxContainer } from './support/outbox-test-container.js'
import { startMockWechat } from './support/mock-wechat.js'
import { waitFor } from './support/wait-for.js'

const pacing = { perWindow: 100, windowMs: 1000, minGapMs: 10, switchMs: 0 }
const TOPIC = '一中财务群'

/** A WeChat world as one login sees it: every id is new at each login (as with wechat4u). */
async function session(name: string) {
  const wx = await startMockWechat(name)
  const zhang = wx.mocker.createContact({ name: '张丽' })
  const wang = wx.mocker.createContact({ name: '王强' })
  const room = wx.mocker.createRoom({ topic: TOPIC, memberIdList: [wx.user.id, zhang.id, wang.id] })
  await wx.login()
  return { wx, zhang, wang, room }
}

describe('outbox: @mentions are resolved at send time', () => {
  let db: Connection
  let c: Container
  let first: Awaited<ReturnType<typeof session>>
  let second: Awaited<ReturnType<typeof session>>

  beforeAll(async () => {
    db = await openTestDb('outbox_mentions')
    c = await outboxContainer(db)
    first = await session('before')
    second = await session('after')
  })
  afterAll(async () => {
    await first.wx.stop()
    await second.wx.stop()
    await closeTestDb(db)
  })

  // what a binding made during the first login recorded: ids of that login, plus topic and names
  const reminder = (key: string, mentions: { id?: string; name: string }[]): OutboxInput => ({
    key,
    target: { channel: 'wechat', roomId: first.room.id, roomTopic: TOPIC, mentions },
    text: '请尽快填报项目支出绩效监控表。',
    priority: PRIORITY.reminder,
  })

  it('reach the named contacts, and still do after a re-login with new ids', async () => {
    const mentions = [
      { id: first.zhang.id, name: '张丽' },
      { id: first.wang.id, name: '王强' },
    ]
    await c.outbox.enqueue(reminder('reminder:R1:U1:first', mentions))
    const d1 = startWechatDelivery({ container: c, wechaty: first.wx.bot, pacing, pollMs: 20 })
    await waitFor(() => first.wx.sent.length === 1, 'the first send')
    await d1.stop()
    expect(first.wx.sent[0]).toMatchObject({
      conversationId: first.room.id,
      mentionIds: [first.zhang.id, first.wang.id],
    })
    expect(first.wx.sent[0].text).toBe('@张丽\u2005@王强 请尽快填报项目支出绩效监控表。')

    // the bot logs in again: the room and both people have new ids; the stored ids are stale
    expect(second.room.id).not.toBe(first.room.id)
    await c.outbox.enqueue(reminder('reminder:R1:U1:second', mentions))
    const d2 = startWechatDelivery({ container: c, wechaty: second.wx.bot, pacing, pollMs: 20 })
    await waitFor(() => second.wx.sent.length === 1, 'the send after re-login')
    expect(second.wx.sent[0]).toMatchObject({
      conversationId: second.room.id,
      mentionIds: [second.zhang.id, second.wang.id],
    })
    expect(second.wx.sent[0].text).toBe('@张丽\u2005@王强 请尽快填报项目支出绩效监控表。')

    // someone no longer in the room is named in plain text rather than silently dropped
    await c.outbox.enqueue(reminder('reminder:R1:U1:third', [{ name: '张丽' }, { name: '李四' }]))
    await waitFor(() => second.wx.sent.length === 2, 'the third send')
    await d2.stop()
    expect(second.wx.sent[1]).toMatchObject({ mentionIds: [second.zhang.id] })
    expect(second.wx.sent[1].text).toBe('@张丽 @李四 请尽快填报项目支出绩效监控表。')
    expect(first.wx.sent).toHaveLength(1)
  })
})
