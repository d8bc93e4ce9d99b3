import type { RoundStatus } from './types.js'

/**
 * The lock rule, the one definition. A round is locked for edits once the bureau set it to 'locked' or
 * its scheduled lock instant (`lockAt`) has come; a unit the bureau reopened after the lock may still
 * edit. Reading stays allowed either way. Reminders and digests stop at the lock (roundActive in
 * reminder-policy.ts), the submission service refuses writes, the task lists show 已锁定.
 */
export function roundLocked(round: { status: RoundStatus; lockAt?: Date | null }, now: Date): boolean {
  return round.status === 'locked' || (round.lockAt != null && round.lockAt <= now)
}

/** Whether this unit's forms are closed to edits now: the round is locked and the unit not reopened. */
export function unitLocked(
  round: { status: RoundStatus; lockAt?: Date | null },
  unit: { reopened?: boolean } | null | undefined,
  now: Date,
): boolean {
  return roundLocked(round, now) && !unit?.reopened
}
