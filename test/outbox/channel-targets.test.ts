import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { PRIORITY, type OutboxChannel, type OutboxInput } from '../../src/outbox/message.js'
import { channelPacing } from '../../src/outbox/pacing-policy.js'
import { SenderRegistry } from '../../src/outbox/sender-registry.js'
import type { ChannelSender, OutgoingMessage } from '../../src/outbox/senders/channel-sender.js'
import { startEmailWebhookDelivery } from '../../src/outbox/start-email-webhook-delivery.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { outboxContainer } from './support/outbox-test-container.js'

/** A stand-in for the DingTalk / WeCom-app senders the adapters provide: it records what it was asked to send. */
function recordingSender(channel: OutboxChannel): ChannelSender & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = []
  return { channel, sent, room: () => undefined, send: async (m) => void sent.push(m) }
}

// DingTalk's 20 a minute per group scaled into a 1 s window: 2 per rolling second per group
const scaled = { perWindow: 2, windowMs: 1000, minGapMs: 0, switchMs: 0 }

describe('outbox: DingTalk and WeCom-app targets, delivered by the senders the worker role registers', () => {
  let db: Connection
  beforeAll(async () => {
    db = await openTestDb('outbox_channel_targets')
  })
  afterAll(() => closeTestDb(db))

  it('paces DingTalk per group (its platform cap by default), one group never holding up another, and 1:1 to WeCom members', async () => {
    expect(channelPacing('dingtalk', loadConfig({}))).toMatchObject({ perWindow: 20, windowMs: 60_000 })
    expect(channelPacing('wecom-app', loadConfig({}))).toMatchObject({ perWindow: 30, windowMs: 60_000 })

    const clock = new ManualClock('2027-07-01T01:00:00Z')
    const c = await outboxContainer(db, {}, clock)
    const group = (cid: string, i: number, at?: string[]): OutboxInput => ({
      key: `notice:N3:${cid}:${i}`,
      target: { channel: 'dingtalk', conversationId: cid, atUserIds: at },
      text: `${cid} 通知 ${i}`,
      priority: PRIORITY.notice,
    })
    await c.outbox.enqueueMany([0, 1, 2].map((i) => group('cidA', i, i === 0 ? ['u1'] : undefined)))
    await c.outbox.enqueue(group('cidB', 0))
    await c.outbox.enqueue({
      key: 'reminder:R1:U1:first',
      target: { channel: 'wecom-app', userIds: ['zhangli', 'wangqiang'] },
      text: '请尽快填报',
      priority: PRIORITY.reminder,
    })
    expect(await c.outbox.findByKey('notice:N3:cidA:0')).toMatchObject({ channel: 'dingtalk', account: 'group:cidA' })
    expect(await c.outbox.findByKey('reminder:R1:U1:first')).toMatchObject({
      channel: 'wecom-app',
      account: 'users:wangqiang,zhangli',
    })

    const dingtalk = recordingSender('dingtalk')
    const wecomApp = recordingSender('wecom-app')
    const d = startEmailWebhookDelivery(c, {
      autoStart: false,
      senders: new SenderRegistry([dingtalk, wecomApp]).all(),
      pacing: { dingtalk: scaled },
      maxHoldMs: 0,
    })
    expect([...d.workers.keys()].sort()).toEqual(['dingtalk', 'email', 'wecom', 'wecom-app'])
    await d.workers.get('dingtalk')?.tick()
    await d.workers.get('wecom-app')?.tick()
    expect(dingtalk.sent.map((m) => m.text)).toEqual(['cidA 通知 0', 'cidA 通知 1', 'cidB 通知 0'])
    expect(dingtalk.sent[0].target).toEqual({ channel: 'dingtalk', conversationId: 'cidA', atUserIds: ['u1'] })
    expect(wecomApp.sent.map((m) => [m.text, m.target])).toEqual([
      ['请尽快填报', { channel: 'wecom-app', userIds: ['zhangli', 'wangqiang'] }],
    ])
    clock.advance(scaled.windowMs)
    await d.workers.get('dingtalk')?.tick()
    expect(dingtalk.sent.map((m) => m.text).slice(3)).toEqual(['cidA 通知 2'])
  })

  it('takes one sender per channel, and none for WeChat (the logged-in bot delivers it)', async () => {
    expect(() => new SenderRegistry([recordingSender('dingtalk'), recordingSender('dingtalk')])).toThrow(
      /already registered/,
    )
    const c = await outboxContainer(db)
    expect(() => startEmailWebhookDelivery(c, { autoStart: false, senders: [recordingSender('wecom')] })).toThrow(
      /wecom sender is already registered/,
    )
    expect(() => startEmailWebhookDelivery(c, { autoStart: false, senders: [recordingSender('wechat')] })).toThrow(
      /logged-in bot/,
    )
  })
})
