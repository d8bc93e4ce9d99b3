/**
 * The unit-deadline rule, the one definition: a unit is due at the round's due instant, or at the
 * extension the bureau granted it when that is later (an earlier "extension" never shortens the round).
 *   round due 07-10 23:59:59, no extension     → 07-10 23:59:59
 *   round due 07-10 23:59:59, extension 07-15  → 07-15 23:59:59
 *   round due 07-10 23:59:59, extension 07-08  → 07-10 23:59:59
 * Used by the reminder policy, the digests, timeliness (onTime) of a submission, progress, the task
 * lists of chat and mini-program. The progress counts apply the same rule inside an aggregation:
 * `unitDeadlineExpr` below, checked against this function by test/domain/deadline.test.ts.
 */
export function unitDeadline(round: { dueAt: Date }, unit: { extensionUntil?: Date | null } | null | undefined): Date {
  const ext = unit?.extensionUntil
  return ext && ext > round.dueAt ? ext : round.dueAt
}

/**
 * `unitDeadline` as a MongoDB aggregation expression over a round unit's `extensionUntil` field, for
 * counting thousands of units in the database. A missing or null extension compares below any date in
 * BSON order, so `$gt` is false and the round's due instant stands — as in the function.
 */
export function unitDeadlineExpr(dueAt: Date, extensionField = '$extensionUntil'): Record<string, unknown> {
  return { $cond: [{ $gt: [extensionField, dueAt] }, extensionField, dueAt] }
}
