import type {
  HeadWrite,
  HeadWritten,
  UnitState,
  Channel,
  FormCode,
  FullHead,
  Round,
  RoundUnit,
  Submission,
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

export type { UnitState } from '../../domain/types.js'

/** The heads on the round units (src/db/repositories/round-unit-heads.ts, through RoundRepository). */
export interface UnitHeads {
  unitState(roundId: string, unitCode: string): Promise<UnitState | null>
  /**
   * The one write of a submit or draft save: `head` becomes the form's head if it is still at
   * `expectedSeq` (null: none yet), the unit files the form, is not marked locked, has the extension the
   * head was computed with, and (with `reopened`) is still reopened; `final` adds the form to
   * `submitted`. Whether it completed the unit, or null when a precondition failed.
   */
  writeHead(w: HeadWrite): Promise<HeadWritten | null>
  /** a review's one write on head `id` if its status is one of `from`; the new head or null */
  reviewHead(
    roundId: string,
    unitCode: string,
    form: FormCode,
    id: string,
    from: SubmissionStatus[],
    patch: Partial<FullHead>,
  ): Promise<FullHead | null>
  /** sets heads built from the submissions, unless the unit has full heads already */
  migrateHeads(roundId: string, unitCode: string, heads: Partial<Record<FormCode, FullHead>>): Promise<void>
  markComplete(roundId: string, unitCode: string, at: Date): Promise<void>
  /** one form's head and whether the unit keeps full heads; null when the unit is not in the round */
  formHead(
    roundId: string,
    unitCode: string,
    form: FormCode,
  ): Promise<{ fullHeads: boolean; head: FullHead | null } | null>
}

/** The history after the head (src/db/repositories/submission-history.ts, through SubmissionRepository). */
export interface HistoryAppends {
  /** a new id for a new version's head, made before the write */
  newId(): string
  /** the head's row in the history: idempotent, never replaces a later state of the row */
  append(roundId: string, unitCode: string, form: FormCode, head: FullHead): Promise<void>
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
