import { describe, it, expect } from '@jest/globals'
import {
  nextSlot,
  recordSend,
  wechatPacing,
  type PacingPolicy,
  type PacingState,
} from '../../src/outbox/pacing-policy.js'
import { retryDelayMs } from '../../src/outbox/backoff.js'
import { loadConfig } from '../../src/config.js'

const p: PacingPolicy = { perWindow: 3, windowMs: 60_000, minGapMs: 1500, switchMs: 3000 }
const T = 1_000_000

describe('nextSlot: the earliest instant the next send may go', () => {
  const cases: [string, PacingState, string | undefined, number, number][] = [
    ['nothing sent yet: now', { sends: [] }, 'A', T, T],
    ['same room: the minimum gap after the last send', { sends: [T - 500], lastRoom: 'A' }, 'A', T, T + 1000],
    ['another room: gap plus the switch pause', { sends: [T - 500], lastRoom: 'A' }, 'B', T, T + 4000],
    ['long since the last send: now', { sends: [T - 10_000], lastRoom: 'A' }, 'B', T, T],
    [
      'cap reached: when the oldest of the last 3 leaves the window',
      { sends: [T - 50_000, T - 20_000, T - 10_000], lastRoom: 'A' },
      'A',
      T,
      T + 10_000,
    ],
    ['cap not reached within the window', { sends: [T - 70_000, T - 20_000], lastRoom: 'A' }, 'A', T, T],
  ]
  it.each(cases)('%s', (_name, state, room, now, expected) => {
    expect(nextSlot(p, state, room, now)).toBe(expected)
  })

  it('keeps only the last perWindow instants, sorted', () => {
    const s = [T - 3, T - 1, T - 2].reduce<PacingState>((st, at) => recordSend(p, st, 'A', at), { sends: [] })
    expect(recordSend(p, s, 'B', T)).toEqual({ sends: [T - 2, T - 1, T], lastRoom: 'B' })
  })

  it('a simulated hour of greedy sending never puts more than perWindow in any window', () => {
    let s: PacingState = { sends: [] }
    const at: number[] = []
    let now = 0
    for (let i = 0; i < 200; i++) {
      const room = i % 7 === 0 ? 'B' : 'A'
      now = nextSlot(p, s, room, now)
      at.push(now)
      s = recordSend(p, s, room, now)
    }
    for (let i = 0; i + p.perWindow < at.length; i++)
      expect(at[i + p.perWindow] - at[i]).toBeGreaterThanOrEqual(p.windowMs)
  })

  it('defaults to 40 a minute, 1.5 s apart, 3 s more on a room switch', () => {
    expect(wechatPacing(loadConfig({}))).toEqual({ perWindow: 40, windowMs: 60_000, minGapMs: 1500, switchMs: 1500 })
  })
})

describe('retryDelayMs', () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [8, 3_600_000],
  ])('attempt %i waits %i ms', (attempt, ms) => expect(retryDelayMs(attempt)).toBe(ms))
})
