import { unitDeadline, unitDeadlineExpr } from './deadline.js'
import type { PlatformEntry } from './platform-entry.js'

/** Counts of a round's units by where they stand: on time = done by the unit's deadline. */
export interface ProgressCounts {
  expected: number
  onTime: number
  late: number
  partial: number
  /** not done (includes partial and, when the round requires the platform entry, awaitingEntry) */
  missing: number
  /** forms all submitted but not entered in the platform, when the round requires it (0 otherwise): 已提交未录入 */
  awaitingEntry: number
  /** entered in the platform (required or not): 已录入 */
  entered: number
}

/** Where one unit stands in a round. */
export type UnitStanding = 'on_time' | 'late' | 'awaiting_entry' | 'partial' | 'missing'

export interface StandingRound {
  dueAt: Date
  requirePlatformEntry?: boolean
}

export interface StandingUnit {
  submitted: readonly string[]
  complete: boolean
  completedAt?: Date | null
  extensionUntil?: Date | null
  platformEntry?: Pick<PlatformEntry, 'at'> | null
}

/**
 * The completion rule, the one definition. A unit is done when every form is submitted (complete, at
 * completedAt) — and, when the round requires the platform entry, once it is also entered; then it is
 * done at the later of the two instants. Done by its deadline (src/domain/deadline.ts) = on time.
 *   forms in 07-09, not required                 → on_time
 *   forms in 07-09, required, not entered        → awaiting_entry (已提交未录入)
 *   forms in 07-09, required, entered 07-12      → late (done 07-12, due 07-10)
 *   one of two forms in                          → partial
 * `standingExprs` below is the same rule as aggregation expressions (progress counts over thousands of
 * units); test/foundation/unit-standing-aggregation.test.ts runs the table of test/support/standing-cases.ts
 * through both.
 */
export function unitDoneAt(round: StandingRound, unit: StandingUnit): Date | undefined {
  if (!unit.complete || !unit.completedAt) return undefined
  if (!round.requirePlatformEntry) return unit.completedAt
  const entered = unit.platformEntry?.at
  if (!entered) return undefined
  return entered > unit.completedAt ? entered : unit.completedAt
}

export function unitStanding(round: StandingRound, unit: StandingUnit): UnitStanding {
  const doneAt = unitDoneAt(round, unit)
  if (doneAt) return doneAt <= unitDeadline(round, unit) ? 'on_time' : 'late'
  if (unit.complete && unit.completedAt) return 'awaiting_entry'
  return unit.submitted.length > 0 ? 'partial' : 'missing'
}

/**
 * `unitStanding` as aggregation expressions over a round unit's fields, each a boolean: which of the
 * counts the unit adds to. A missing date is falsy (`$ifNull` → false), a present one truthy.
 */
export function standingExprs(round: StandingRound): Record<string, unknown> {
  const formsIn = { $and: ['$complete', { $ifNull: ['$completedAt', false] }] }
  const entered = { $ifNull: ['$platformEntry.at', false] }
  const done = round.requirePlatformEntry ? { $and: [formsIn, entered] } : formsIn
  const doneAt = round.requirePlatformEntry
    ? { $cond: [{ $gt: ['$platformEntry.at', '$completedAt'] }, '$platformEntry.at', '$completedAt'] }
    : '$completedAt'
  const onTime = { $and: [done, { $lte: [doneAt, unitDeadlineExpr(round.dueAt)] }] }
  return {
    onTime,
    late: { $and: [done, { $not: [onTime] }] },
    awaitingEntry: { $and: [formsIn, { $not: [done] }] },
    partial: { $and: [{ $not: [formsIn] }, { $gt: [{ $size: '$submitted' }, 0] }] },
    missing: { $not: [done] },
    entered: { $and: [entered] },
  }
}
