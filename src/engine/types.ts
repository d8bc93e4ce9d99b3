import type { Computed } from '../forms/compute.js'

/**
 * What the user sent: the first contact, a chat message, or "continue where I was" after a pause; or,
 * from the host, how storing a completed dialog's submission went (see StepResult).
 */
export type DialogInput =
  | { kind: 'start' }
  | { kind: 'text'; text: string }
  | { kind: 'resume' }
  | { kind: 'stored'; version: number; onTime: boolean }
  | { kind: 'refused'; reason: Refusal }

/**
 * Why the store refused a completed dialog's submission: an error meant for the user (the round was
 * locked meanwhile, a validation), or a version someone else saved meanwhile (`by`: "财政局", "另一位同事在小程序").
 */
export type Refusal =
  { type: 'error'; message: string } | { type: 'edited'; by: string; version: number; draft: boolean }

/** A reply value waiting to be applied after a pending question is settled (pasted answers). */
export interface QueuedItem {
  path: string
  text: string
}

/** A question the engine asked in between (元 or 万元? really cancel? confirm and submit?). */
export type Pending =
  | {
      type: 'ambiguous'
      path: string
      question: string
      options: { label: string; value: unknown }[]
      rest: QueuedItem[]
      overflow: string[]
    }
  // `cross`: a difference from the project table (src/forms/cross-warnings.ts), remembered in crossConfirmed
  | { type: 'confirm-change'; path: string; question: string; rest: QueuedItem[]; overflow: string[]; cross?: string }
  | { type: 'cancel' }
  | { type: 'submit' }

/**
 * Answered items shown again with their current values (上一步, 修改 N): a reply of values overwrites
 * them, "继续" keeps them. `paths` are the block's items shown (one in single mode or for 修改 N).
 */
export interface Review {
  block: number
  paths: string[]
  from: 'back' | 'edit'
}

/**
 * The dialog as plain JSON (the host stores it and passes it back): answers keyed by field path,
 * the block under the cursor (-1 = everything answered), where 修改 returns to, the order answers
 * were given, the items being revisited (上一步/修改), the pending sub-question, failed tries, and whether the dialog is
 * over.
 */
export interface DialogState {
  v: 1
  templateId: string
  mode: 'block' | 'single'
  answers: Record<string, unknown>
  cursor: number
  returnTo?: number
  trail: string[]
  /** optional, so states stored before it existed still load */
  review?: Review
  pending?: Pending
  fails: number
  /** paths whose change against last round the user confirmed */
  confirmed: string[]
  /** cross-table differences the user confirmed, by CrossWarning.key ("funds.project.executed=…/…") */
  crossConfirmed?: string[]
  done: boolean
  outcome?: 'completed' | 'cancelled'
}

/** What a completed dialog hands over: passes buildSubmissionSchema(template, ctx). */
export interface SubmissionPayload {
  answers: Record<string, unknown>
  computed: Computed
}

/** Effects for the host to carry out; the engine performs none itself. */
export type Effect =
  | { type: 'answers-changed'; answers: Record<string, unknown> }
  | { type: 'completed'; payload: SubmissionPayload }
  | { type: 'cancelled' }

/**
 * The contract: every step returns exactly one reply (one chat message), except the step that
 * completes (its effects hold `completed`), which returns none. The host stores that submission and
 * steps again with `{ kind: 'stored', version, onTime }` — the one reply is the receipt (version,
 * lateness, deviations) — or with `{ kind: 'refused', reason }`: the one reply says why, and the dialog
 * is open again at the submit confirmation with every answer (“确认” retries, “修改 N” works). So a
 * submission is confirmed once, and only once it is stored.
 */
export interface StepResult {
  state: DialogState
  replies: string[]
  effects: Effect[]
}
