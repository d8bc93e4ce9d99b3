import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import type { Container } from '../../src/container.js'
import { PRIORITY, type OutboxInput } from '../../src/outbox/message.js'
import { startEmailWebhookDelivery } from '../../src/outbox/start-email-webhook-delivery.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { outboxContainer } from './support/outbox-test-container.js'
import { startWebhookCapture } from './support/webhook-capture.js'
import { waitFor, sleep } from './support/wait-for.js'

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
    await c.outbox.enqueueMany(Array.from({ length: 12 }, (_, i) => robot('key-a', i, i === 0 ? ['13800000000'] : undefined)))
    await sleep(5)
    await c.outbox.enqueueMany(Array.from({ length: 3 }, (_, i) => robot('key-b', i)))
    const d = startEmailWebhookDelivery(c, { pollMs: 20, wecomPacing, maxHoldMs: 50 })
    await waitFor(() => hook.calls.length >= 15, 'all webhook calls', 10_000)
    await d.stop()

    expect(hook.calls[0].body).toEqual({ msgtype: 'text', text: { content: 'key-a 通知 0', mentioned_mobile_list: ['13800000000'] } })
    for (const key of ['key-a', 'key-b']) {
      const at = hook.calls.filter((x) => x.key === key).map((x) => x.at)
      for (let i = 0; i + wecomPacing.perWindow < at.length; i++) expect(at[i + wecomPacing.perWindow] - at[i]).toBeGreaterThanOrEqual(wecomPacing.windowMs)
    }
    const a = hook.calls.filter((x) => x.key === 'key-a')
    const b = hook.calls.filter((x) => x.key === 'key-b')
    expect(a.map((x) => x.body.text.content)).toEqual(Array.from({ length: 12 }, (_, i) => `key-a 通知 ${i}`))
    // key-b was enqueued after all of key-a, yet went out while key-a rested at its cap
    expect(Math.max(...b.map((x) => x.at))).toBeLessThan(a[a.length - 1].at)
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
