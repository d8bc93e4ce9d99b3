import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { ManualClock } from '../../src/clock.js'
import type { Container } from '../../src/container.js'
import { PRIORITY, type OutboxInput } from '../../src/outbox/message.js'
import { startEmailWebhookDelivery } from '../../src/outbox/start-email-webhook-delivery.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { outboxContainer } from './support/outbox-test-container.js'
import { startWebhookCapture } from './support/webhook-capture.js'

// 20/min per robot scaled into a 1 s window: 5 per rolling second per key
const wecomPacing = { perWindow: 5, windowMs: 1000, minGapMs: 0, switchMs: 0 }

describe('outbox: WeCom group-robot webhooks, paced per key', () => {
  let db: Connection
  let c: Container
  let hook: Awaited<ReturnType<typeof startWebhookCapture>>

  beforeAll(async () => {
    db = await openTestDb('outbox_wecom')
    hook = await startWebhookCapture()
    c = await outboxContainer(db, { WECOM_WEBHOOK_BASE: hook.base, OUTBOX_MAX_ATTEMPTS: '2' })
  })
  afterAll(async () => {
    await hook.close()
    await closeTestDb(db)
  })

  const robot = (key: string, i: number, mobiles?: string[]): OutboxInput => ({
    key: `notice:N1:${key}:${i}`,
    target: { channel: 'wecom', webhookKey: key, mentionedMobiles: mobiles },
    text: `${key} 通知 ${i}`,
    priority: PRIORITY.notice,
  })

  it('posts the text to each robot, never more than its cap per window, and one busy robot does not hold up another', async () => {
    // a manual clock and explicit ticks: what may be sent is decided by the pacer's time, not by how
    // fast this machine happens to be (maxHoldMs 0: a send that would have to wait is given back)
    const clock = new ManualClock('2027-07-01T01:00:00Z')
    const mc = await outboxContainer(db, { WECOM_WEBHOOK_BASE: hook.base, OUTBOX_MAX_ATTEMPTS: '2' }, clock)
    await mc.outbox.enqueueMany(
      Array.from({ length: 12 }, (_, i) => robot('key-a', i, i === 0 ? ['13800000000'] : undefined)),
    )
    await mc.outbox.enqueueMany(Array.from({ length: 3 }, (_, i) => robot('key-b', i)))
    const { wecom } = startEmailWebhookDelivery(mc, { autoStart: false, wecomPacing, maxHoldMs: 0 })
    const sentNow = async () => {
      const before = hook.calls.length
      await wecom.tick()
      return hook.calls.slice(before).map((x) => x.body.text.content)
    }
    const a = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `key-a 通知 ${from + i}`)

    // key-a reaches its cap of 5; key-b, enqueued after all of key-a, goes out while key-a rests
    expect(await sentNow()).toEqual([...a(0, 5), 'key-b 通知 0', 'key-b 通知 1', 'key-b 通知 2'])
    expect(hook.calls[0].body).toEqual({
      msgtype: 'text',
      text: { content: 'key-a 通知 0', mentioned_list: [], mentioned_mobile_list: ['13800000000'] },
    })
    clock.advance(wecomPacing.windowMs - 1)
    expect(await sentNow()).toEqual([]) // the window has not passed yet
    clock.advance(1)
    expect(await sentNow()).toEqual(a(5, 10))
    clock.advance(wecomPacing.windowMs)
    expect(await sentNow()).toEqual(a(10, 12))
    expect(await sentNow()).toEqual([])
  })

  it('a refusal in the reply body (errcode ≠ 0) is a failed attempt', async () => {
    hook.refuse['key-busy'] = 45009
    await c.outbox.enqueue(robot('key-busy', 0))
    const { wecom } = startEmailWebhookDelivery(c, { autoStart: false, wecomPacing })
    await wecom.tick()
    const doc = await c.outbox.findByKey('notice:N1:key-busy:0')
    expect(doc).toMatchObject({ state: 'failed', attempts: 1 })
    expect(doc?.lastError).toBe('wecom webhook refused: 45009 api freq out of limit')
  })
})
