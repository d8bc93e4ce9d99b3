import type { Computed } from '../forms/compute.js'

/** What the user sent: the first contact, a chat message, or "continue where I was" after a pause. */
export type DialogInput = { kind: 'start' } | { kind: 'text'; text: string } | { kind: 'resume' }

/** A reply value waiting to be applied after a pending question is settled (pasted answers). */
export interface QueuedItem { path: string; text: string }

/** A question the engine asked in between (元 or 万元? really cancel? confirm and submit?). */
export type Pending =
  | { type: 'ambiguous'; path: string; question: string; options: { label: string; value: unknown }[]; rest: QueuedItem[]; overflow: string[] }
  // `cross`: a difference from the project table (src/forms/cross-warnings.ts), remembered in crossConfirmed
  | { type: 'confirm-change'; path: string; question: string; rest: QueuedItem[]; overflow: string[]; cross?: string }
  | { type: 'cancel' }
  | { type: 'submit' }

/**
 * Answered items shown again with their current values (上一步, 修改 N): a reply of values overwrites
 * them, "继续" keeps them. `paths` are the block's items shown (one in single mode or for 修改 N).
 */
export interface Review { block: number; paths: string[]; from: 'back' | 'edit' }

/**
 * The dialog as plain JSON (the host stores it and passes it back): answers keyed by field path,
 * the block under the cursor (-1 = everything answered), where 修改 returns to, the order answers
 * were given, the items being revisited (上一步/修改), the pending sub-question, failed tries, and whether the dialog is over.
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

export interface StepResult {
  state: DialogState
  replies: string[]
  effects: Effect[]
}
