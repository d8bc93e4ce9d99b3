import type { Collection } from 'mongodb'
import { Types, type Connection } from 'mongoose'
import type { Dialog, DialogFields, DialogStatus } from '../../domain/dialog.js'
import { TtlCache } from '../../cache/ttl-cache.js'
import { dialogModel, type DialogDoc } from '../models/dialog.js'
import { isDuplicateKey } from '../duplicate-key.js'
import { requireIndexes } from '../index-guard.js'
import { GroupedUpdates } from '../grouped-updates.js'

type Change = Partial<
  Pick<DialogFields, 'state' | 'status' | 'lockKey' | 'lastActivityAt' | 'lastTurn' | 'submissionId' | 'base'>
>

/**
 * Staleness bound of `open` below: every chat turn starts by asking for the person's open dialog in
 * the room, which would otherwise be a sorted read. Kept 60 s, written through on every write here
 * (insert, turn, settle, takeover, reopen, park), and dropped whole after the bulk moves of a re-login.
 * So in this process it is exact; a dialog started, parked or taken over by another process is seen
 * here within 60 s — and a copy made stale by such a writer cannot overwrite anything: turns save
 * conditional on the revision, and a lost save re-reads the dialog (`reread`).
 */
const OPEN_TTL_MS = 60_000
/** the two bookkeeping maps beside the cache are cleared past this size (the cache keeps 20,000) */
const MAP_CAP = 40_000

const openKey = (ownerId: string, roomId: string): string => `${ownerId}\u0000${roomId}`

function toDialog(doc: DialogDoc): Dialog {
  const {
    _id,
    createdAt: _c,
    updatedAt: _u,
    __v: _v,
    ...fields
  } = doc as DialogDoc & { createdAt?: Date; updatedAt?: Date; __v?: number }
  return { ...fields, id: String(_id) }
}

/** Dialogs (DialogService's DialogStore) on MongoDB, with each person's active dialog per room kept in memory. */
export class DialogRepository {
  private readonly dialogs
  /** owner and room → their active dialog, or null for none, as this process last read or wrote it */
  private open = new TtlCache<Dialog | null>(OPEN_TTL_MS, 20_000)
  /** dialog id → the key it is kept under, so a dialog that moves (takeover, reopen elsewhere) leaves no copy behind */
  private openKeyOf = new Map<string, string>()
  /** key → how often it was written here: a read that raced a write is returned but not kept */
  private writes = new Map<string, number>()
  /** turn saves, group-committed across conversations */
  private readonly saves: GroupedUpdates
  constructor(conn: Connection) {
    this.dialogs = dialogModel(conn)
    this.saves = new GroupedUpdates(() => this.dialogs.collection as unknown as Collection)
  }

  async findOpen(ownerId: string, roomId: string, statuses: DialogStatus[]): Promise<Dialog | null> {
    const activeOnly = statuses.length === 1 && statuses[0] === 'active'
    const key = openKey(ownerId, roomId)
    if (activeOnly) {
      const hit = this.open.get(key)
      if (hit !== undefined) return hit
    }
    const before = this.writes.get(key)
    const doc = await this.dialogs.collection.findOne<DialogDoc>(
      { ownerId, roomId, status: { $in: statuses } },
      { sort: { lastActivityAt: -1 } },
    )
    const found = doc ? toDialog(doc) : null
    if (activeOnly && this.writes.get(key) === before) {
      if (found) this.remember(found)
      else this.open.set(key, null)
    }
    return found
  }

  async reread(dialog: Dialog): Promise<Dialog | null> {
    const doc = await this.dialogs.findOne({ _id: dialog.id }).lean<DialogDoc>()
    const fresh = doc ? toDialog(doc) : null
    if (fresh) this.remember(fresh)
    else this.forget(dialog)
    return fresh
  }

  async byLockKey(lockKey: string): Promise<Dialog | null> {
    const doc = await this.dialogs.findOne({ lockKey }).lean<DialogDoc>()
    return doc ? toDialog(doc) : null
  }

  async byLastTurn(messageId: string): Promise<Dialog | null> {
    const doc = await this.dialogs.findOne({ 'lastTurn.messageId': messageId }).lean<DialogDoc>()
    return doc ? toDialog(doc) : null
  }

  /**
   * A complete document straight through the driver (every field the schema has is set by the caller;
   * timestamps are the dialog's first activity): the insert is the check, the lock key's unique index
   * answers whether the form has an open dialog already, so no read comes before it.
   */
  async insert(fields: Omit<DialogFields, 'nudgedAt' | 'submissionId'>): Promise<Dialog | null> {
    const _id = new Types.ObjectId()
    try {
      await requireIndexes(this.dialogs) // the lock key's unique index (the driver's insert skips mongoose's hooks)
      await this.dialogs.collection.insertOne({
        _id,
        ...fields,
        createdAt: fields.lastActivityAt,
        updatedAt: fields.lastActivityAt,
      })
    } catch (err) {
      if (isDuplicateKey(err)) return null
      throw err
    }
    const made: Dialog = { ...fields, id: String(_id) }
    this.remember(made)
    return made
  }

  /**
   * An update rather than a find-and-modify, through the driver (the update is plain; mongoose's casting
   * and timestamps cost as much as the round trip here): the revision check guarantees the stored
   * dialog is `dialog` with exactly this change, so it is rebuilt here instead of being sent back whole.
   * Saves of concurrent conversations share one command (src/db/grouped-updates.ts).
   */
  async saveTurn(dialog: Dialog, change: Change, at: Date): Promise<Dialog | null> {
    const rev = dialog.rev ?? 0
    const _id = new Types.ObjectId(dialog.id)
    const applied = await this.saves.apply({
      key: dialog.id,
      filter: { _id, rev },
      update: { $set: { ...change, updatedAt: at }, $unset: { nudgedAt: '' }, $inc: { rev: 1 } },
      // what only this save stores (a rival save of the same revision writes another state or lastTurn)
      stored: { _id, rev: rev + 1, ...change, updatedAt: at },
    })
    if (!applied) return null
    const { nudgedAt: _, ...rest } = dialog
    const saved: Dialog = { ...rest, ...change, rev: rev + 1 }
    this.remember(saved)
    return saved
  }

  async settle(dialog: Dialog, change: Change, at: Date): Promise<Dialog> {
    await this.dialogs.collection.updateOne(
      { _id: new Types.ObjectId(dialog.id) },
      { $set: { ...change, updatedAt: at }, $inc: { rev: 1 } },
    )
    const settled: Dialog = { ...dialog, ...change, rev: (dialog.rev ?? 0) + 1 }
    this.remember(settled)
    return settled
  }

  async takeOver(
    dialogId: string,
    holder: { ownerId: string; ownerName: string; roomId: string; roomTopic: string },
    at: Date,
  ): Promise<Dialog | null> {
    const moved = {
      ownerId: holder.ownerId,
      ownerName: holder.ownerName,
      roomId: holder.roomId,
      roomTopic: holder.roomTopic,
    }
    const doc = await this.dialogs
      // the revision moves too: the former owner's turn in flight (or kept copy) cannot save over it
      .findOneAndUpdate(
        { _id: dialogId, status: { $in: ['active', 'parked'] } },
        { $set: { ...moved, status: 'active', lastActivityAt: at }, $inc: { rev: 1 } },
        { returnDocument: 'before' },
      )
      .lean<DialogDoc>()
    if (!doc) return null
    const before = toDialog(doc)
    this.forget(before)
    const taken: Dialog = { ...before, ...moved, status: 'active', lastActivityAt: at, rev: (before.rev ?? 0) + 1 }
    this.remember(taken)
    return taken
  }

  async reopen(dialogId: string, room?: { roomId: string; roomTopic: string }): Promise<Dialog | null> {
    const patch = room ? { roomId: room.roomId, roomTopic: room.roomTopic } : {}
    const doc = await this.dialogs
      .findOneAndUpdate(
        { _id: dialogId },
        { $set: { status: 'active', nudgedAt: undefined, ...patch }, $inc: { rev: 1 } },
        { returnDocument: 'after' },
      )
      .lean<DialogDoc>()
    if (!doc) return null
    const reopened = toDialog(doc)
    this.remember(reopened)
    return reopened
  }

  async parkIdle(before: Date): Promise<Dialog[]> {
    const park = (
      await this.dialogs.find({ status: 'active', lastActivityAt: { $lte: before } }).lean<DialogDoc[]>()
    ).map(toDialog)
    // the revision moves: a turn that read the dialog before it was parked cannot save over the parking
    if (park.length)
      await this.dialogs.updateMany(
        { _id: { $in: park.map((d) => d.id) }, status: 'active' },
        { $set: { status: 'parked' }, $inc: { rev: 1 } },
      )
    for (const d of park) this.forget(d)
    return park
  }

  async setBase(dialogId: string, base: string | null): Promise<void> {
    await this.dialogs.collection.updateOne({ _id: new Types.ObjectId(dialogId) }, { $set: { base } })
  }

  async nudgeIdle(before: Date, at: Date): Promise<Dialog[]> {
    const nudge = (
      await this.dialogs
        .find({ status: 'active', lastActivityAt: { $lte: before }, nudgedAt: null })
        .lean<DialogDoc[]>()
    ).map(toDialog)
    if (nudge.length)
      await this.dialogs.updateMany({ _id: { $in: nudge.map((d) => d.id) } }, { $set: { nudgedAt: at } })
    return nudge
  }

  async moveRoom(from: string, to: string): Promise<void> {
    await this.dialogs.updateMany({ roomId: from }, { $set: { roomId: to } })
    this.forgetAll()
  }

  async moveOwner(from: string, to: string): Promise<void> {
    await this.dialogs.updateMany({ ownerId: from }, { $set: { ownerId: to } })
    this.forgetAll()
  }

  async openOwners(): Promise<{ id: string; ownerId: string; ownerName: string; roomId: string }[]> {
    const open = await this.dialogs
      .find({ status: { $in: ['active', 'parked'] } }, { ownerId: 1, ownerName: 1, roomId: 1 })
      .lean()
    return open.map((d) => ({ id: String(d._id), ownerId: d.ownerId, ownerName: d.ownerName, roomId: d.roomId }))
  }

  async setOwner(dialogId: string, ownerId: string): Promise<void> {
    await this.dialogs.updateOne({ _id: dialogId }, { $set: { ownerId } })
    this.forgetAll()
  }

  /** Forgets every dialog kept in memory (after a bulk move of owners or rooms: which were moved is not known). */
  private forgetAll(): void {
    this.open = new TtlCache<Dialog | null>(OPEN_TTL_MS, 20_000)
    this.openKeyOf.clear()
    this.writes.clear()
  }

  private wrote(key: string): void {
    if (this.writes.size > MAP_CAP) this.writes.clear()
    this.writes.set(key, (this.writes.get(key) ?? 0) + 1)
  }

  /** Keeps the dialog's latest saved copy: under its owner and room while active, as "none" once it is not. */
  private remember(d: Dialog): void {
    const key = openKey(d.ownerId, d.roomId)
    const before = this.openKeyOf.get(d.id)
    if (before !== undefined && before !== key && this.open.get(before)?.id === d.id) this.open.delete(before)
    this.wrote(key)
    if (d.status === 'active') {
      this.open.set(key, d)
      this.openKeyOf.set(d.id, key)
    } else {
      if (this.open.get(key)?.id === d.id) this.open.delete(key)
      this.openKeyOf.delete(d.id)
    }
    if (this.openKeyOf.size > MAP_CAP) this.openKeyOf.clear()
  }

  /** Drops whatever is kept for this dialog (its status or owner changed in a bulk write). */
  private forget(d: Pick<Dialog, 'id' | 'ownerId' | 'roomId'>): void {
    for (const key of [this.openKeyOf.get(d.id), openKey(d.ownerId, d.roomId)]) {
      if (key === undefined) continue
      this.wrote(key)
      if (this.open.get(key)?.id === d.id) this.open.delete(key)
    }
    this.openKeyOf.delete(d.id)
  }
}
