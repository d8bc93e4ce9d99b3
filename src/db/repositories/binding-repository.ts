import type { Connection } from 'mongoose'
import type { Binding, BindingRecord } from '../../domain/binding.js'
import { TtlCache } from '../../cache/ttl-cache.js'
import { bindingModel, type BindingRow } from '../models/binding.js'

const ROOM_KINDS = ['unit-room', 'shared-room', 'bureau-room'] as const

/**
 * Staleness bound of the two caches below. Every chat turn asks which unit its room (or person) speaks
 * for. Bindings change only through this repository in this process (绑定, 解绑, the bot leaving a room,
 * a re-login re-matching ids), and every write drops what it touches, so what is kept is exact here; a
 * change made by another process is seen within 10 s.
 */
const BINDING_TTL_MS = 10_000

function record(row: BindingRow): BindingRecord {
  const { _id, __v: _v, ...fields } = row as BindingRow & { __v?: number }
  return { ...fields, id: String(_id) }
}

/** Bindings (BindingService's BindingStore) on MongoDB, with the room and member reads kept in memory. */
export class BindingRepository {
  private bindings
  private rooms = new TtlCache<BindingRecord | null>(BINDING_TTL_MS, 20_000)
  private members = new TtlCache<string[]>(BINDING_TTL_MS, 20_000)
  /** moves on every write: a read that raced one is returned but not kept */
  private generation = 0
  constructor(conn: Connection) {
    this.bindings = bindingModel(conn)
  }

  /** The room's active room binding (cached). Callers must not modify it. */
  async roomBinding(roomId: string): Promise<BindingRecord | null> {
    const hit = this.rooms.get(roomId)
    if (hit !== undefined) return hit
    const generation = this.generation
    const found = await this.freshRoomBinding(roomId)
    // kept only if no binding was written while it was read
    return generation === this.generation ? this.rooms.set(roomId, found) : found
  }

  /** The room's active room binding, read now (a binding is decided on what is stored now). */
  async freshRoomBinding(roomId: string): Promise<BindingRecord | null> {
    const row = await this.bindings.findOne({ roomId, active: true, kind: { $in: ROOM_KINDS } }).lean<BindingRow>()
    return row ? record(row) : null
  }

  /** The units a person is bound to, the most recently bound (or chosen) first (cached). */
  async memberUnits(memberId: string): Promise<string[]> {
    const hit = this.members.get(memberId)
    if (hit !== undefined) return [...hit]
    const generation = this.generation
    const rows = await this.bindings
      .find({ memberId, active: true, kind: 'member' }, { unitCode: 1 })
      .sort({ boundAt: -1 })
      .lean()
    const units = [...new Set(rows.map((r) => r.unitCode).filter((u): u is string => Boolean(u)))]
    if (generation === this.generation) this.members.set(memberId, units)
    return [...units]
  }

  /** Active own-group and member bindings of the units, plus the shared groups those members sit in (read now). */
  async reach(unitCodes: readonly string[]): Promise<BindingRecord[]> {
    const own = await this.bindings
      .find({ unitCode: { $in: [...unitCodes] }, active: true, kind: { $in: ['unit-room', 'member'] } })
      .lean<BindingRow[]>()
    const rooms = [...new Set(own.filter((b) => b.kind === 'member' && b.roomId).map((b) => b.roomId as string))]
    const shared = rooms.length
      ? await this.bindings.find({ roomId: { $in: rooms }, active: true, kind: 'shared-room' }).lean<BindingRow[]>()
      : []
    return [...own, ...shared].map(record)
  }

  /** The unit's active own-group and member bindings (read now). */
  async ofUnit(unitCode: string): Promise<BindingRecord[]> {
    return (
      await this.bindings.find({ unitCode, active: true, kind: { $in: ['unit-room', 'member'] } }).lean<BindingRow[]>()
    ).map(record)
  }

  /** Of `unitCodes`, those the person is bound to as a member (read now). */
  async memberUnitsAmong(memberId: string, unitCodes: readonly string[]): Promise<string[]> {
    const bound = await this.bindings
      .find({ memberId, active: true, kind: 'member', unitCode: { $in: [...unitCodes] } }, { unitCode: 1 })
      .lean()
    return [...new Set(bound.map((b) => b.unitCode).filter((u): u is string => Boolean(u)))]
  }

  /** Stores a new binding and keeps it, so the room's next message needs no read. */
  async insert(b: Binding): Promise<BindingRecord> {
    const made = record((await this.bindings.create(b)).toObject<BindingRow>())
    this.generation++
    if (b.kind === 'member') this.members.delete(b.memberId ?? '')
    else if (b.roomId) this.rooms.set(b.roomId, made)
    return made
  }

  /** the person's active member bindings to that unit become inactive (before binding them anew) */
  async deactivateMember(memberId: string, unitCode: string): Promise<void> {
    await this.bindings.updateMany({ memberId, kind: 'member', unitCode, active: true }, { $set: { active: false } })
  }

  async touchMember(memberId: string, unitCode: string, at: Date): Promise<void> {
    await this.bindings.updateMany({ memberId, unitCode, active: true, kind: 'member' }, { $set: { boundAt: at } })
    this.forget()
  }

  /** every active binding of the unit becomes inactive; how many */
  async deactivateUnit(unitCode: string): Promise<number> {
    const r = await this.bindings.updateMany({ unitCode, active: true }, { $set: { active: false } })
    this.forget()
    return r.modifiedCount
  }

  /** every active binding in the room becomes inactive; those it had */
  async deactivateRoom(roomId: string): Promise<BindingRecord[]> {
    const lost = await this.bindings.find({ roomId, active: true }).lean<BindingRow[]>()
    await this.bindings.updateMany({ roomId, active: true }, { $set: { active: false } })
    this.forget()
    return lost.map(record)
  }

  async bureauRooms(): Promise<BindingRecord[]> {
    return (await this.bindings.find({ kind: 'bureau-room', active: true }).lean<BindingRow[]>()).map(record)
  }

  async activeRooms(account: string): Promise<BindingRecord[]> {
    return (await this.bindings.find({ account, active: true, kind: { $in: ROOM_KINDS } }).lean<BindingRow[]>()).map(
      record,
    )
  }

  async activeMembers(account: string): Promise<BindingRecord[]> {
    return (await this.bindings.find({ account, active: true, kind: 'member' }).lean<BindingRow[]>()).map(record)
  }

  async update(id: string, patch: { roomId?: string; memberId?: string; active?: boolean }): Promise<void> {
    await this.bindings.updateOne({ _id: id }, { $set: patch })
    this.forget()
  }

  async byId(id: string): Promise<BindingRecord | null> {
    const row = await this.bindings.findById(id).lean<BindingRow>()
    return row ? record(row) : null
  }

  async groupBindings(unitCode?: string): Promise<BindingRecord[]> {
    const rows = await this.bindings
      .find({ active: true, kind: { $in: ROOM_KINDS }, ...(unitCode ? { unitCode } : {}) })
      .sort({ boundAt: 1 })
      .limit(5000)
      .lean<BindingRow[]>()
    return rows.map(record)
  }

  /** A WeCom group's push address (its group robot's webhook key). */
  async setWebhookKey(id: string, key: string): Promise<void> {
    await this.bindings.updateOne({ _id: id }, { $set: { webhookKey: key } })
    this.forget()
  }

  /** Drops everything kept (after a change that may touch several rooms or people, or a failed write). */
  forget(): void {
    this.generation++
    this.rooms = new TtlCache<BindingRecord | null>(BINDING_TTL_MS, 20_000)
    this.members = new TtlCache<string[]>(BINDING_TTL_MS, 20_000)
  }
}
