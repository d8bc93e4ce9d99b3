import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Whole-conversation fixtures in the style of goflow's `testdata`: each JSON file is a conversation,
 * a list of turns (what the clerk says, then what the bot said, message by message and line by line,
 * and what was stored). The runner replays the clerk's lines and compares everything; with
 * `UPDATE_FIXTURES=1` (`npm run fixtures`) it writes what happened back into the files instead, so a
 * change of wording is one command and a reviewed diff.
 */
export const UPDATE = process.env.UPDATE_FIXTURES === '1'

/** One message as its lines (easier to read and to diff than "\n" inside a string). */
export type Message = string[]

export interface TurnRecord {
  /** what the clerk says: a chat line, or `<start>` / `<resume>` at the engine level */
  say: string
  bot?: Message[]
  /** answers stored (or changed) by this turn, by field path */
  stored?: Record<string, unknown>
  /** answers removed by this turn */
  cleared?: string[]
  /** the engine's effects other than answers-changed (e.g. "completed") / the submissions now stored */
  effects?: unknown[]
}

export interface FixtureFile<T extends TurnRecord = TurnRecord> {
  description: string
  turns: T[]
  [key: string]: unknown
}

export const asMessages = (texts: string[]): Message[] => texts.map((t) => t.split('\n'))

export function listFixtures(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
}

export function readFixture<T extends TurnRecord>(dir: string, name: string): FixtureFile<T> {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as FixtureFile<T>
}

export function writeFixture(dir: string, name: string, f: FixtureFile): void {
  writeFileSync(join(dir, name), `${JSON.stringify(f, null, 2)}\n`)
}

/** The answers a turn set or changed, and the ones it removed: a small, readable diff. */
export function answerDiff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Pick<TurnRecord, 'stored' | 'cleared'> {
  const stored: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(after)) if (JSON.stringify(before[k]) !== JSON.stringify(v)) stored[k] = v
  const cleared = Object.keys(before).filter((k) => !(k in after))
  return { ...(Object.keys(stored).length ? { stored } : {}), ...(cleared.length ? { cleared } : {}) }
}

/** A turn record without the keys that are empty, so files list only what happened. */
export function compactTurn<T extends TurnRecord>(t: T): T {
  const out = { ...t }
  for (const k of Object.keys(out) as (keyof T)[]) {
    const v = out[k]
    if (v === undefined || (Array.isArray(v) && v.length === 0)) delete out[k]
  }
  return out
}
