import type { OffsetClock } from '../../../src/clock.js'
import type { Container } from '../../../src/container.js'

/** Where a person speaks: a group (a key the driver maps to the platform's group id) or 1:1 to the bot. */
export type Where = { group: string } | 'private'

/**
 * One chat channel as the contract suite drives it: people say things, the bot's replies come back as
 * plain texts (the platform's formatting left in; see `normalise`), proactive messages are read per group.
 * Each driver runs the channel's real adapter against its own fake platform, on its own database.
 */
export interface ChannelDriver {
  readonly name: string
  /** the container behind the channel (notices, reminders, the clock at a chosen instant) */
  readonly c: Container & { clock: OffsetClock }
  /** what `who` says at `where`; resolves with the bot's answers to it once they were all sent */
  say(who: string, text: string, where: Where): Promise<string[]>
  /** a mark of what the group has received so far, for `receivedSince` */
  mark(group: string): number
  /** the messages the group received after `mark`, once at least `count` have arrived (bounded wait) */
  receivedSince(group: string, mark: number, count?: number): Promise<string[]>
  close(): Promise<void>
}

/**
 * The text of a channel's answers without platform formatting: replies joined, leading @mentions
 * stripped from each line, lines trimmed and blank lines dropped (WeCom joins a turn's replies into one
 * passive reply with a blank line between; DingTalk may split a long message at line boundaries).
 */
export function normalise(texts: string[]): string {
  return texts
    .join('\n')
    .split('\n')
    .map((line) => line.replace(/^(\s*@[^\s\u2005]+[\s\u2005]+)+/, '').trim())
    .filter((line) => line.length > 0)
    .join('\n')
}
