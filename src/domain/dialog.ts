import type { FormCode } from './types.js'

export type DialogStatus = 'active' | 'parked' | 'completed' | 'cancelled'

/**
 * A guided chat form in progress: the engine's state (plain JSON) plus who fills it, where, for which
 * unit, round and form. `lockKey` is unique while the dialog is active or parked
 * (`<round>:<unit>:<form>`), so one unit never has two dialogs for the same form; it is freed
 * (suffixed with the id) when the dialog ends.
 */
export interface DialogFields {
  account: string
  roundId: string
  unitCode: string
  form: FormCode
  ownerId: string
  ownerName: string
  /** '' for a private chat */
  roomId: string
  roomTopic: string
  state: Record<string, unknown>
  status: DialogStatus
  lockKey: string
  lastActivityAt: Date
  nudgedAt?: Date
  submissionId?: string
  /** optimistic revision: a turn saves only if nobody saved in between */
  rev: number
  /**
   * The stamp of the form's latest version when the dialog loaded it (null: there was none). At 提交 a
   * newer version saved by someone else meanwhile is a conflict the user settles; absent on dialogs
   * from before this was kept (no check).
   */
  base?: string | null
  /**
   * The last chat message this dialog took and its replies, saved with the state it produced, so the
   * same message handled again after a crash (the inbound journal) is answered the same and not applied
   * twice. `completed`: it was 提交 (the submission to store); `submitted`: the reply once it is stored.
   */
  lastTurn?: LastTurn
}

export interface LastTurn {
  messageId: string
  replies: string[]
  completed?: { answers: Record<string, unknown> }
  submitted?: string
}

/** A stored dialog (its id a string outside src/db). */
export type Dialog = DialogFields & { id: string }

/** The (round, unit, form) key that keeps one open dialog per form. */
export const dialogLockKey = (roundId: string, unitCode: string, form: FormCode): string =>
  `${roundId}:${unitCode}:${form}`

/** The lock key an ended dialog keeps: its own, so the form is free for the next dialog. */
export const endedLockKey = (d: Pick<Dialog, 'lockKey' | 'id'>): string => `${d.lockKey}:${d.id}`
