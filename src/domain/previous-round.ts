import { compareExact, exactDecimal, times } from './exact-decimal.js'
import type { Fen } from './types.js'

/** How a cumulative amount moved since last round, when it is worth a confirmation. */
export type Change = { kind: 'fall'; previous: Fen } | { kind: 'jump'; previous: Fen; factor: number }

/**
 * Executed-to-date amounts accumulate over the year, so a value below last round's is suspicious, and
 * so is one more than `jumpFactor` times last round's (e.g. 3×: 10万 in 1-6月 → 40万 in 1-9月).
 */
export function compareWithPrevious(current: Fen, previous: Fen | undefined, jumpFactor: number): Change | null {
  if (previous === undefined || !Number.isFinite(previous)) return null
  if (current < previous) return { kind: 'fall', previous }
  if (previous > 0 && jumpFactor > 0 && moreThan(current, previous, jumpFactor)) {
    return { kind: 'jump', previous, factor: Math.round((current / previous) * 10) / 10 }
  }
  return null
}

/** current > previous·factor, exactly: 115 分 after 100 分 is 1.15×, though 100 × 1.15 is 114.99999999999999. */
function moreThan(current: Fen, previous: Fen, factor: number): boolean {
  const c = exactDecimal(current)
  const p = exactDecimal(previous)
  const f = exactDecimal(factor)
  if (!c || !p || !f) return current > previous * factor
  return compareExact(c, times(p, f)) === 1
}
