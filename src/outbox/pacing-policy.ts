import { perMinuteCap } from '../channels/limits.js'
import type { Config } from '../config.js'
import type { OutboxChannel } from './message.js'

/**
 * How fast one account may send: at most `perWindow` sends in any rolling `windowMs`, at least
 * `minGapMs` between two sends, plus `switchMs` when the next send goes to a different room.
 * E.g. a personal WeChat account: 40 per 60 s, 1.5 s apart, 3 s more when changing groups.
 */
export interface PacingPolicy {
  perWindow: number
  windowMs: number
  minGapMs: number
  switchMs: number
}

/** What the limiter remembers per account: the last `perWindow` send instants (ascending) and room. */
export interface PacingState {
  sends: number[]
  lastRoom?: string
}

export function wechatPacing(config: Pick<Config, 'pacing'>): PacingPolicy {
  const p = config.pacing
  return { perWindow: p.wechatPerMinute, windowMs: 60_000, minGapMs: p.wechatMinGapMs, switchMs: p.roomSwitchMs }
}

/** A WeCom group robot rejects more than 20 a minute per key; it has no room to switch. */
export function wecomPacing(config: Pick<Config, 'pacing'>): PacingPolicy {
  return { perWindow: config.pacing.wecomPerMinute, windowMs: 60_000, minGapMs: 0, switchMs: 0 }
}

/**
 * How a channel's messages are paced (per `accountOf` key): WeChat and the WeCom webhook by config (whose
 * defaults are the caps in src/channels/limits.ts), DingTalk (20/min per group) and the WeCom app (30/min
 * per member) by their platform caps; e-mail not at all.
 */
export function channelPacing(channel: OutboxChannel, config: Pick<Config, 'pacing'>): PacingPolicy | undefined {
  switch (channel) {
    case 'wechat':
      return wechatPacing(config)
    case 'wecom':
      return wecomPacing(config)
    case 'email':
      return undefined
    case 'dingtalk':
    case 'wecom-app': {
      const cap = perMinuteCap(channel)
      return cap === undefined ? undefined : { perWindow: cap, windowMs: 60_000, minGapMs: 0, switchMs: 0 }
    }
  }
}

/**
 * The earliest instant (ms) at or after `now` when the next send to `room` is allowed. With sends kept
 * ascending, the window rule is: the send `perWindow` places back must be at least `windowMs` ago.
 */
export function nextSlot(policy: PacingPolicy, state: PacingState, room: string | undefined, now: number): number {
  let at = now
  const last = state.sends[state.sends.length - 1]
  if (last !== undefined) {
    const switching = room !== undefined && state.lastRoom !== undefined && room !== state.lastRoom
    at = Math.max(at, last + policy.minGapMs + (switching ? policy.switchMs : 0))
  }
  if (state.sends.length >= policy.perWindow) {
    at = Math.max(at, state.sends[state.sends.length - policy.perWindow] + policy.windowMs)
  }
  return at
}

/** The state after a send at `at` (only the last `perWindow` instants matter). */
export function recordSend(
  policy: PacingPolicy,
  state: PacingState,
  room: string | undefined,
  at: number,
): PacingState {
  const sends = [...state.sends, at].sort((a, b) => a - b).slice(-policy.perWindow)
  return { sends, lastRoom: room ?? state.lastRoom }
}
