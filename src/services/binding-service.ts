import type { Connection } from 'mongoose'
import type { Clock } from '../clock.js'
import { bindingModel, type Binding, type BindingDoc } from '../db/models/binding.js'
import { unitModel } from '../db/models/unit.js'
import { AppError } from '../errors.js'
import { BIND_ATTEMPTS } from './bind-code-service.js'
import { RateLimiter } from './rate-limiter.js'
import { TtlCache } from '../cache/ttl-cache.js'

export interface Place {
  account: string
  roomId: string
  roomTopic: string
}
export interface Person {
  id: string
  name: string
}

export type BindOutcome =
  | { ok: true; kind: Binding['kind']; unitName?: string; reply: string }
  | { ok: false; reply: string }

export const SHARED_KEYWORDS = ['共享群', '共享']

/**
 * Every chat turn asks which unit its room (or person) speaks for. Bindings change only through this
 * service (绑定, 解绑, the bot leaving a room, a re-login re-matching ids), which drops what it kept, so a
 * few seconds' memory is exact in this process; the time limit bounds what another process could change.
 */
const BINDING_TTL_MS = 10_000

/**
 * Which unit a room or a person speaks for. `绑定 <bind code>` in an unbound room binds the room to the
 * unit; `绑定 共享群` marks a shared county group, where each member then binds themself with their
 * unit's code; `绑定 <bureau code>` marks the bureau's own group.
 */
export class BindingService {
  private bindings
  private units
  private rooms = new TtlCache<BindingDoc | null>(BINDING_TTL_MS, 20_000)
  private members = new TtlCache<string[]>(BINDING_TTL_MS, 20_000)
  /** moves on every write: a read that raced one is returned but not kept */
  private generation = 0
  private attempts: RateLimiter
  constructor(
    conn: Connection,
    private readonly clock: Clock,
    private readonly bureauCode: string,
    /** the unit a bind code belongs to (BindCodeService.resolve) */
    private readonly resolveCode: (code: string) => Promise<string | null>,
  ) {
    this.bindings = bindingModel(conn)
    this.units = unitModel(conn)
    this.attempts = new RateLimiter(() => clock.now().getTime())
  }

  /** The room's active binding (unit, shared or bureau group), or null. Callers must not modify it. */
  async roomBinding(roomId: string): Promise<BindingDoc | null> {
    const hit = this.rooms.get(roomId)
    if (hit !== undefined) return hit
    const generation = this.generation
    const found = await this.bindings.findOne({ roomId, active: true, kind: { $in: ['unit-room', 'shared-room', 'bureau-room'] } }).lean<BindingDoc>()
    // kept only if no binding was written while it was read
    return generation === this.generation ? this.rooms.set(roomId, found) : found
  }

  /** The units a person bound themself to, the most recently bound (or chosen) first. */
  async memberUnits(memberId: string): Promise<string[]> {
    const hit = this.members.get(memberId)
    if (hit !== undefined) return [...hit]
    const generation = this.generation
    const rows = await this.bindings.find({ memberId, active: true, kind: 'member' }, { unitCode: 1 }).sort({ boundAt: -1 }).lean()
    const units = [...new Set(rows.map((r) => r.unitCode).filter((u): u is string => Boolean(u)))]
    if (generation === this.generation) this.members.set(memberId, units)
    return [...units]
  }

  /** Drops everything kept in memory (after any change to bindings that may touch several rooms or people). */
  private changed(): void {
    this.generation++
    this.rooms = new TtlCache<BindingDoc | null>(BINDING_TTL_MS, 20_000)
    this.members = new TtlCache<string[]>(BINDING_TTL_MS, 20_000)
  }

  async bind(place: Place, person: Person, code: string): Promise<BindOutcome> {
    const wait = this.throttled(place, person)
    if (wait) return { ok: false, reply: `绑定尝试过于频繁，请 ${wait} 秒后再试。` }
    try {
      return await this.bindOnce(place, person, code)
    } catch (err) {
      this.changed()
      throw err
    }
  }

  /**
   * Every attempt counts against the person and the room (BIND_ATTEMPTS, as the HTTP bind per IP), so
   * neither one account nor many accounts in one room can walk through the codes. Seconds to wait, or 0.
   */
  private throttled(place: Place, person: Person): number {
    const { windowMs, max } = BIND_ATTEMPTS
    try {
      this.attempts.hit(`person:${place.account}:${person.id}`, windowMs, max)
      if (place.roomId) this.attempts.hit(`room:${place.account}:${place.roomId}`, windowMs, max)
      return 0
    } catch (err) {
      if (err instanceof AppError && err.status === 429) return (err.details as { retryAfterSeconds: number }).retryAfterSeconds
      throw err
    }
  }

  /** A binding just made: kept, so the room's next message needs no read. */
  private async created(doc: Binding): Promise<void> {
    const made = await this.bindings.create(doc)
    this.generation++
    if (doc.kind === 'member') this.members.delete(doc.memberId ?? '')
    else if (doc.roomId) this.rooms.set(doc.roomId, made.toObject<BindingDoc>())
  }

  private async bindOnce(place: Place, person: Person, code: string): Promise<BindOutcome> {
    const now = this.clock.now()
    // a fresh read: a binding is decided on what is stored now
    const existing = place.roomId ? await this.bindings.findOne({ roomId: place.roomId, active: true, kind: { $in: ['unit-room', 'shared-room', 'bureau-room'] } }).lean<BindingDoc>() : null
    const base = { account: place.account, roomId: place.roomId, roomTopic: place.roomTopic, boundBy: person.name, boundAt: now, active: true }
    if (this.bureauCode && code === this.bureauCode && place.roomId) {
      if (existing) return { ok: false, reply: '本群已绑定，如需更改请先解绑。' }
      await this.created({ ...base, kind: 'bureau-room' })
      return { ok: true, kind: 'bureau-room', reply: '已绑定为财政局工作群。本群成员可使用“进度”“催报”“通知”等命令。' }
    }
    if (SHARED_KEYWORDS.includes(code) && place.roomId) {
      if (existing) return { ok: false, reply: '本群已绑定，如需更改请联系财政局解绑。' }
      await this.created({ ...base, kind: 'shared-room' })
      return { ok: true, kind: 'shared-room', reply: '已设为多单位共享群。请各单位人员发送“绑定 单位绑定码”绑定到本单位。' }
    }
    const unitCode = await this.resolveCode(code)
    const unit = unitCode ? await this.units.findOne({ code: unitCode }, { name: 1, code: 1 }).lean() : null
    if (!unit) return { ok: false, reply: '绑定码无效，请向财政局绩效股核对后重新发送“绑定 绑定码”。' }
    if (!place.roomId || existing?.kind === 'shared-room') {
      await this.bindings.updateMany({ memberId: person.id, kind: 'member', unitCode: unit.code, active: true }, { $set: { active: false } })
      await this.created({ ...base, kind: 'member', unitCode: unit.code, memberId: person.id, memberName: person.name })
      return { ok: true, kind: 'member', unitName: unit.name, reply: `已将您绑定到「${unit.name}」。发送“填报”开始填报。` }
    }
    if (existing?.kind === 'unit-room') {
      if (existing.unitCode === unit.code) return { ok: true, kind: 'unit-room', unitName: unit.name, reply: `本群已绑定「${unit.name}」。` }
      return { ok: false, reply: '本群已绑定其他单位，如需更改请联系财政局解绑。' }
    }
    if (existing) return { ok: false, reply: '本群是财政局工作群，不能绑定到单位。' }
    await this.created({ ...base, kind: 'unit-room', unitCode: unit.code })
    return { ok: true, kind: 'unit-room', unitName: unit.name, reply: `本群已绑定「${unit.name}」。发送“填报”开始填报，“进度”查看本单位进度。` }
  }

  /** A person with several units chose one (private chat): it becomes their first unit. */
  async preferUnit(memberId: string, unitCode: string): Promise<void> {
    await this.bindings.updateMany({ memberId, unitCode, active: true, kind: 'member' }, { $set: { boundAt: this.clock.now() } })
    this.changed()
  }

  async unitNames(codes: string[]): Promise<Map<string, string>> {
    const rows = await this.units.find({ code: { $in: codes } }, { code: 1, name: 1 }).lean()
    return new Map(rows.map((u) => [u.code, u.name]))
  }

  /** Bureau command `解绑 <unit>`: every binding of the unit becomes inactive (kept for the record). */
  async unbindUnit(unitCode: string): Promise<number> {
    const r = await this.bindings.updateMany({ unitCode, active: true }, { $set: { active: false } })
    this.changed()
    return r.modifiedCount
  }

  /** The bot was removed from a room: its bindings become inactive. Returns what was lost. */
  async roomLeft(roomId: string): Promise<BindingDoc[]> {
    const lost = await this.bindings.find({ roomId, active: true }).lean<BindingDoc[]>()
    await this.bindings.updateMany({ roomId, active: true }, { $set: { active: false } })
    this.changed()
    return lost
  }

  bureauRooms(): Promise<BindingDoc[]> {
    return this.bindings.find({ kind: 'bureau-room', active: true }).lean<BindingDoc[]>()
  }

  activeRoomBindings(account: string): Promise<BindingDoc[]> {
    return this.bindings.find({ account, active: true, kind: { $in: ['unit-room', 'shared-room', 'bureau-room'] } }).lean<BindingDoc[]>()
  }

  activeMemberBindings(account: string): Promise<BindingDoc[]> {
    return this.bindings.find({ account, active: true, kind: 'member' }).lean<BindingDoc[]>()
  }

  async updateIds(id: BindingDoc['_id'], patch: { roomId?: string; memberId?: string }): Promise<void> {
    await this.bindings.updateOne({ _id: id }, { $set: patch })
    this.changed()
  }

  async deactivate(id: BindingDoc['_id']): Promise<void> {
    await this.bindings.updateOne({ _id: id }, { $set: { active: false } })
    this.changed()
  }

  /** Finds a unit by code or by (part of) its name, for bureau commands such as `催报 东山镇`. */
  async findUnit(query: string): Promise<{ code: string; name: string } | null> {
    const q = query.trim()
    if (!q) return null
    const byCode = await this.units.findOne({ code: q }, { code: 1, name: 1 }).lean()
    if (byCode) return { code: byCode.code, name: byCode.name }
    const escaped = q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const byName = await this.units.find({ name: { $regex: escaped } }, { code: 1, name: 1 }).limit(2).lean()
    return byName.length === 1 ? { code: byName[0].code, name: byName[0].name } : null
  }
}
