import { unitLocked } from '../../domain/lock.js'
import type { FormCode, Round, RoundUnit } from '../../domain/types.js'
import { AppError } from '../../errors.js'

/** A round and the unit's row in it, as a caller has just read them (the chat's task list at 填报). */
export interface UnitRound {
  round: Round
  /** as read for the task list: the heads without their answers */
  ru: RoundUnit
}

/**
 * Why the unit's form cannot be edited now, judged on rows the caller has just read, or null: the
 * checks of SubmissionService.editable (a form the unit does not file, a round not open yet, a locked
 * round the unit was not reopened in), in its order and with its messages — the one definition of them,
 * which the submission service applies to the rows it reads itself. Nothing is
 * written on this verdict alone: every head write checks the lock mark itself (submission-service.ts,
 * invariant 4), so a lock that lands after this read still refuses the submit.
 */
export function editRefusal(
  read: { round: Round; ru: Pick<RoundUnit, 'forms' | 'locked' | 'reopened'> },
  form: FormCode,
  now: Date,
): AppError | null {
  const { round, ru } = read
  if (!ru.forms.includes(form)) return AppError.notFound('本单位本轮无需填报该表')
  if (round.status === 'draft') return AppError.conflict('round_not_open', '本轮填报尚未开始')
  if (unitLocked(round, ru, now) || (ru.locked && !ru.reopened))
    return AppError.conflict('round_locked', '本轮填报已锁定，不能再修改；如需修改请联系财政局重新开放')
  return null
}
