import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { ManualClock } from '../../src/clock.js'
import { CHANNEL_LIMITS } from '../../src/channels/limits.js'
import { measure } from '../../src/channels/split-message.js'
import { PRIORITY, type OutboxInput } from '../../src/outbox/message.js'
import { startEmailWebhookDelivery } from '../../src/outbox/start-email-webhook-delivery.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { outboxContainer } from './support/outbox-test-container.js'
import { startWebhookCapture } from './support/webhook-capture.js'

// 20/min per robot scaled into a 1 s window: 5 per rolling second per key
const wecomPacing = { perWindow: 5, windowMs: 1000, minGapMs: 0, switchMs: 0 }

/** `lines` numbered lines of 100 Chinese characters (300 UTF-8 bytes each) */
function longText(tag: string, lines: number): string {
  return Array.from({ length: lines }, (_, i) => `${tag}${String(i).padStart(2, '0')}${'填'.repeat(97)}`).join('\n')
}

describe('outbox: a text longer than the channel takes goes out in parts, each paced', () => {
  let db: Connection
  let hook: Awaited<ReturnType<typeof startWebhookCapture>>

  beforeAll(async () => {
    db = await openTestDb('outbox_split')
    hook = await startWebhookCapture()
  })
  afterAll(async () => {
    await hook.close()
    await closeTestDb(db)
  })

  const robot = (i: number, text: string, mobiles?: string[]): OutboxInput => ({
    key: `notice:N2:${i}`,
    target: { channel: 'wecom', webhookKey: 'key-split', mentionedMobiles: mobiles },
    text,
    priority: PRIORITY.notice,
  })

  it('splits at line ends within 2048 UTF-8 bytes, mentions only in the first part, one pace slot per part', async () => {
    const clock = new ManualClock('2027-07-01T01:00:00Z')
    const c = await outboxContainer(db, { WECOM_WEBHOOK_BASE: hook.base }, clock)
    const a = longText('A', 15) // 15 × 300 bytes + newlines: 3 parts of ≤ 6 lines
    const b = longText('B', 8) // 2 parts
    await c.outbox.enqueue(robot(0, a, ['13800000000']))
    await c.outbox.enqueue(robot(1, b))
    await c.outbox.enqueue(robot(2, '短通知'))
    const { wecom } = startEmailWebhookDelivery(c, { autoStart: false, wecomPacing, maxHoldMs: 0 })

    await wecom.tick()
    const sent = hook.calls.map((x) => x.body.text)
    // 3 + 2 parts fill the robot's 5 slots; the short notice waits for the next window
    expect(sent).toHaveLength(5)
    for (const t of sent) expect(measure(t.content, CHANNEL_LIMITS.wecom.length)).toBeLessThanOrEqual(2048)
    expect(
      sent
        .slice(0, 3)
        .map((t) => t.content)
        .join('\n'),
    ).toBe(a)
    expect(
      sent
        .slice(3)
        .map((t) => t.content)
        .join('\n'),
    ).toBe(b)
    expect(sent.map((t) => t.mentioned_mobile_list)).toEqual([['13800000000'], [], [], [], []])
    expect(await c.outbox.findByKey('notice:N2:0')).toMatchObject({ state: 'sent' })
    expect(await c.outbox.findByKey('notice:N2:2')).toMatchObject({ state: 'pending' })

    clock.advance(wecomPacing.windowMs)
    await wecom.tick()
    expect(hook.calls.map((x) => x.body.text.content).slice(5)).toEqual(['短通知'])
  })
})
