import type {
  Channel,
  FormCode,
  Round,
  RoundUnit,
  Submission,
  SubmissionHead,
  SubmissionStatus,
} from '../../domain/types.js'
import type { NewSubmission } from '../../domain/new-submission.js'

/**
 * Ports the services own; src/db/repositories implements them on MongoDB (structurally: db/ imports
 * nothing from services/, the composition in container.ts checks the fit).
 */

export interface RoundReader {
  getRound(id: string): Promise<Round | null>
  getRoundUnit(roundId: string, unitCode: string): Promise<RoundUnit | null>
}

export interface RoundUnitWriter {
  /**
   * Records `head` as the form's latest version (unless a later version is recorded already, or the
   * round unit keeps no heads); with `submittedAt`, also that the form has a final submission, and
   * `complete` once every form has one.
   */
  recordHead(roundId: string, unitCode: string, form: FormCode, head: SubmissionHead, submittedAt?: Date): Promise<void>
}

export { VersionTaken, type NewSubmission } from '../../domain/new-submission.js'

export interface SubmissionStore {
  findById(id: string): Promise<Submission | null>
  latest(roundId: string, unitCode: string, form: FormCode): Promise<Submission | null>
  history(roundId: string, unitCode: string, form: FormCode): Promise<Submission[]>
  /** inserts a new version; throws VersionTaken when that version number already exists */
  insert(s: NewSubmission): Promise<Submission>
  /** updates a draft in place; null when it is no longer a draft (someone submitted meanwhile) */
  updateDraft(
    id: string,
    patch: { answers: Record<string, unknown>; by: string; channel: Channel },
  ): Promise<Submission | null>
  /** conditional status change: only applies when the current status is one of `from` */
  transition(
    id: string,
    from: SubmissionStatus[],
    patch: Partial<
      Pick<
        Submission,
        | 'status'
        | 'answers'
        | 'computed'
        | 'by'
        | 'channel'
        | 'submittedAt'
        | 'firstSubmittedAt'
        | 'onTime'
        | 'comment'
        | 'reviewedBy'
        | 'reviewedAt'
      >
    >,
  ): Promise<Submission | null>
}
