/**
 * bench/pacing — real sends through the wechaty mock puppet, by the outbox's WeChat delivery worker
 * (claims, the MongoDB-kept pace, the sender), with the cap scaled up to 600 a minute (100 per rolling
 * 10 s, 20 ms between sends, 10 ms more when switching groups) across 100 groups, wall clock. Measured:
 * the achieved rate over whole windows from the first send ÷ the cap (target 0.95–1.0), and the most
 * sends found in any rolling window (must not exceed the cap).
 *
 *   MONGODB_URI=mongodb://127.0.0.1:27017 npx tsx bench/pacing.ts
 */
import { pathToFileURL } from 'node:url'
import { systemClock } from '../src/clock.js'
import { loadConfig } from '../src/config.js'
import { buildContainer } from '../src/container.js'
import { createLogger } from '../src/logger.js'
import { PRIORITY, type OutboxInput } from '../src/outbox/message.js'
import type { PacingPolicy } from '../src/outbox/pacing-policy.js'
import { startWechatDelivery } from '../src/outbox/start-wechat-delivery.js'
import { startMockWechat } from '../fixtures/mock-wechat.js'
import { BENCH_ENV, openBenchDb } from './support.js'

export const BENCH_PACING: PacingPolicy = { perWindow: 100, windowMs: 10_000, minGapMs: 20, switchMs: 10 }

export interface PacingBenchResult {
  policy: PacingPolicy
  /** the cap in sends per minute */
  capPerMinute: number
  rooms: number
  sent: number
  /** sends per minute over whole windows from the first send */
  achievedPerMinute: number
  ratio: number
  /** the most sends in any rolling window (≤ perWindow) */
  maxInWindow: number
  /** the smallest gap between two sends (≥ minGapMs) */
  minGapMs: number
  wallSeconds: number
}

export async function runPacingBench(opts: {
  uri: string
  messages?: number
  rooms?: number
  policy?: PacingPolicy
}): Promise<PacingBenchResult> {
  const policy = opts.policy ?? BENCH_PACING
  const total = opts.messages ?? 350
  const roomCount = opts.rooms ?? 100
  const db = await openBenchDb(opts.uri, 'pacing')
  const wx = await startMockWechat('bench-pacing')
  try {
    const c = buildContainer(db.conn, systemClock, loadConfig(BENCH_ENV), createLogger('silent'))
    await c.outbox.model.init()
    const staff = wx.mocker.createContact({ name: '张丽' })
    const rooms = Array.from({ length: roomCount }, (_, i) => {
      const topic = `第${i + 1}号单位财务群`
      return { id: wx.mocker.createRoom({ topic, memberIdList: [wx.user.id, staff.id] }).id, topic }
    })
    await wx.login()
    const msgs: OutboxInput[] = Array.from({ length: total }, (_, i) => {
      const r = rooms[i % rooms.length]
      return {
        key: `bench:pace:${i}`,
        target: { channel: 'wechat', roomId: r.id, roomTopic: r.topic },
        text: `【催报】请于7月10日前完成填报（${i}）`,
        priority: PRIORITY.reminder,
      }
    })
    await c.outbox.enqueueMany(msgs)
    const started = performance.now()
    const delivery = startWechatDelivery({ container: c, wechaty: wx.bot, pacing: policy, pollMs: 20 })
    const deadline = Date.now() + 3 * 60_000
    while (wx.sent.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    await delivery.stop()
    const wallSeconds = (performance.now() - started) / 1000
    const at = wx.sent.map((s) => s.at).sort((a, b) => a - b)
    if (at.length < total) throw new Error(`only ${at.length} of ${total} sent within 3 minutes`)
    const windows = Math.floor((at[at.length - 1] - at[0]) / policy.windowMs)
    if (windows < 1) throw new Error('too few messages to span one window')
    const inWhole = at.filter((t) => t < at[0] + windows * policy.windowMs).length
    const achievedPerMs = inWhole / (windows * policy.windowMs)
    const capPerMs = policy.perWindow / policy.windowMs
    let maxInWindow = 0
    for (let i = 0, j = 0; i < at.length; i++) {
      while (j < at.length && at[j] < at[i] + policy.windowMs) j++
      maxInWindow = Math.max(maxInWindow, j - i)
    }
    const minGapMs = Math.min(...at.slice(1).map((t, i) => t - at[i]))
    return {
      policy,
      capPerMinute: Math.round(capPerMs * 60_000),
      rooms: roomCount,
      sent: at.length,
      achievedPerMinute: Math.round(achievedPerMs * 60_000 * 10) / 10,
      ratio: Math.floor((achievedPerMs / capPerMs) * 1000) / 1000,
      maxInWindow,
      minGapMs,
      wallSeconds: Math.round(wallSeconds * 10) / 10,
    }
  } finally {
    await wx.stop().catch(() => undefined)
    await db.drop()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const uri = process.env.MONGODB_URI
  if (!uri) throw new Error('set MONGODB_URI (or run `npm run bench -- pacing`)')
  const r = await runPacingBench({ uri })
  console.log(JSON.stringify(r, null, 2))
  process.exit(0)
}
