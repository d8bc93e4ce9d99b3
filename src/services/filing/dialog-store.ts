import type { Dialog, DialogFields, DialogStatus } from '../../domain/dialog.js'

/** Fields a turn or a settled store changes on a dialog. */
export type DialogChange = Partial<
  Pick<DialogFields, 'state' | 'status' | 'lockKey' | 'lastActivityAt' | 'lastTurn' | 'submissionId' | 'base'>
>

/** Where a dialog is now held: by whom, and in which room. */
export interface DialogHolder {
  ownerId: string
  ownerName: string
  roomId: string
  roomTopic: string
}

/**
 * Where DialogService keeps dialogs (src/db/repositories/dialog-repository.ts). The store may keep each
 * person's active dialog in memory between turns (it documents the bound); every write below goes
 * through it, so what it keeps follows this process's writes, and a copy made stale by a writer
 * elsewhere cannot overwrite anything (`saveTurn` is conditional on the revision).
 */
export interface DialogStore {
  /** The owner's latest dialog in the room with one of `statuses`; the active one may come from memory. */
  findOpen(ownerId: string, roomId: string, statuses: DialogStatus[]): Promise<Dialog | null>
  /** The dialog as stored now (after a save lost to another writer), or null when it is gone. */
  reread(dialog: Dialog): Promise<Dialog | null>
  /** The open (active or parked) dialog holding the lock key. */
  byLockKey(lockKey: string): Promise<Dialog | null>
  /** The dialog whose last turn was this chat message (a message handled again after a crash). */
  byLastTurn(messageId: string): Promise<Dialog | null>
  /** Stores a new dialog; null when its lock key is held by an open dialog already (the unique index). */
  insert(dialog: Omit<DialogFields, 'nudgedAt' | 'submissionId'>): Promise<Dialog | null>
  /**
   * Saves a turn's change (and clears `nudgedAt`) only if nobody saved since `dialog` was read (its
   * revision); the saved dialog, or null when someone did.
   */
  saveTurn(dialog: Dialog, change: DialogChange, at: Date): Promise<Dialog | null>
  /** Saves a change whatever was saved meanwhile (how a store went: it happened, or was refused). */
  settle(dialog: Dialog, change: DialogChange, at: Date): Promise<Dialog>
  /** 接管: an active or parked dialog moves to `holder`, active; the dialog as it is now, or null when none. */
  takeOver(dialogId: string, holder: DialogHolder, at: Date): Promise<Dialog | null>
  /** The dialog active again (not nudged), moved to `room` when given; null when it is gone. */
  reopen(dialogId: string, room?: { roomId: string; roomTopic: string }): Promise<Dialog | null>
  /** Active dialogs idle since `before` become parked; the dialogs found (as they were). */
  parkIdle(before: Date): Promise<Dialog[]>
  /** The stamp of the form's version the dialog counts as its own (its parked draft). */
  setBase(dialogId: string, base: string | null): Promise<void>
  /** Active dialogs idle since `before` and not nudged yet are marked nudged at `at`; those found. */
  nudgeIdle(before: Date, at: Date): Promise<Dialog[]>
  /** A re-login gave a room (or a person) a new id: their dialogs move along. */
  moveRoom(from: string, to: string): Promise<void>
  moveOwner(from: string, to: string): Promise<void>
  /** Who holds each active or parked dialog, and where. */
  openOwners(): Promise<{ id: string; ownerId: string; ownerName: string; roomId: string }[]>
  setOwner(dialogId: string, ownerId: string): Promise<void>
}
