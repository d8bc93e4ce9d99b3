import type { Clock } from '../../clock.js'
import type { Binding, BindingRecord } from '../../domain/binding.js'
import { AppError } from '../../errors.js'
import { BIND_ATTEMPTS } from './bind-code-service.js'
import { RateLimiter } from '../access/rate-limiter.js'

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
  { ok: true; kind: Binding['kind']; unitName?: string; reply: string } | { ok: false; reply: string }

export const SHARED_KEYWORDS = ['共享群', '共享']

/**
 * Where bindings are kept (src/db/repositories/binding-repository.ts, which keeps the room and member
 * reads in memory and drops them on its own writes).
 */
export interface BindingStore {
  /** the room's active unit-room, shared-room or bureau-room binding; may be a few seconds old */
  roomBinding(roomId: string): Promise<BindingRecord | null>
  /** the same, read now */
  freshRoomBinding(roomId: string): Promise<BindingRecord | null>
  /** the units a person is bound to, the most recently bound (or chosen) first; may be a few seconds old */
  memberUnits(memberId: string): Promise<string[]>
  insert(b: Binding): Promise<BindingRecord>
  deactivateMember(memberId: string, unitCode: string): Promise<void>
  /** the person's bindings to the unit count as bound at `at` */
  touchMember(memberId: string, unitCode: string, at: Date): Promise<void>
  deactivateUnit(unitCode: string): Promise<number>
  deactivateRoom(roomId: string): Promise<BindingRecord[]>
  bureauRooms(): Promise<BindingRecord[]>
  activeRooms(account: string): Promise<BindingRecord[]>
  activeMembers(account: string): Promise<BindingRecord[]>
  update(id: string, patch: { roomId?: string; memberId?: string; active?: boolean }): Promise<void>
  /** drops whatever the store keeps in memory */
  forget(): void
}

/** What bindings need of units (src/db/repositories/unit-repository.ts). */
export interface UnitNames {
  named(code: string): Promise<{ code: string; name: string } | null>
  names(codes: readonly string[]): Promise<Map<string, string>>
  nameContains(part: string, limit: number): Promise<{ code: string; name: string }[]>
}

/**
 * Which unit a room or a person speaks for. `绑定 <bind code>` in an unbound room binds the room to the
 * unit; `绑定 共享群` marks a shared county group, where each member then binds themself with their
 * unit's code; `绑定 <bureau code>` marks the bureau's own group.
 */
export class BindingService {
  private attempts: RateLimiter
  constructor(
    private readonly bindings: BindingStore,
    private readonly units: UnitNames,
    private readonly clock: Clock,
    private readonly bureauCode: string,
    /** the unit a bind code belongs to (BindCodeService.resolve) */
    private readonly resolveCode: (code: string) => Promise<string | null>,
  ) {
    this.attempts = new RateLimiter(() => clock.now().getTime())
  }

  /** The room's active binding (unit, shared or bureau group), or null. Callers must not modify it. */
  roomBinding(roomId: string): Promise<BindingRecord | null> {
    return this.bindings.roomBinding(roomId)
  }

  /** The units a person bound themself to, the most recently bound (or chosen) first. */
  memberUnits(memberId: string): Promise<string[]> {
    return this.bindings.memberUnits(memberId)
  }

  async bind(place: Place, person: Person, code: string): Promise<BindOutcome> {
    const wait = this.throttled(place, person)
    if (wait) return { ok: false, reply: `绑定尝试过于频繁，请 ${wait} 秒后再试。` }
    try {
      return await this.bindOnce(place, person, code)
    } catch (err) {
      this.bindings.forget()
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
      if (err instanceof AppError && err.status === 429)
        return (err.details as { retryAfterSeconds: number }).retryAfterSeconds
      throw err
    }
  }

  private async created(b: Binding): Promise<void> {
    await this.bindings.insert(b)
  }

  private async bindOnce(place: Place, person: Person, code: string): Promise<BindOutcome> {
    const now = this.clock.now()
    // a fresh read: a binding is decided on what is stored now
    const existing = place.roomId ? await this.bindings.freshRoomBinding(place.roomId) : null
    const base = {
      account: place.account,
      roomId: place.roomId,
      roomTopic: place.roomTopic,
      boundBy: person.name,
      boundAt: now,
      active: true,
    }
    if (this.bureauCode && code === this.bureauCode && place.roomId) {
      if (existing) return { ok: false, reply: '本群已绑定，如需更改请先解绑。' }
      await this.created({ ...base, kind: 'bureau-room' })
      return { ok: true, kind: 'bureau-room', reply: '已绑定为财政局工作群。本群成员可使用“进度”“催报”“通知”等命令。' }
    }
    if (SHARED_KEYWORDS.includes(code) && place.roomId) {
      if (existing) return { ok: false, reply: '本群已绑定，如需更改请联系财政局解绑。' }
      await this.created({ ...base, kind: 'shared-room' })
      return {
        ok: true,
        kind: 'shared-room',
        reply: '已设为多单位共享群。请各单位人员发送“绑定 单位绑定码”绑定到本单位。',
      }
    }
    const unitCode = await this.resolveCode(code)
    const unit = unitCode ? await this.units.named(unitCode) : null
    if (!unit) return { ok: false, reply: '绑定码无效，请向财政局绩效股核对后重新发送“绑定 绑定码”。' }
    if (!place.roomId || existing?.kind === 'shared-room') {
      await this.bindings.deactivateMember(person.id, unit.code)
      await this.created({ ...base, kind: 'member', unitCode: unit.code, memberId: person.id, memberName: person.name })
      return {
        ok: true,
        kind: 'member',
        unitName: unit.name,
        reply: `已将您绑定到「${unit.name}」。发送“填报”开始填报。`,
      }
    }
    if (existing?.kind === 'unit-room') {
      if (existing.unitCode === unit.code)
        return { ok: true, kind: 'unit-room', unitName: unit.name, reply: `本群已绑定「${unit.name}」。` }
      return { ok: false, reply: '本群已绑定其他单位，如需更改请联系财政局解绑。' }
    }
    if (existing) return { ok: false, reply: '本群是财政局工作群，不能绑定到单位。' }
    await this.created({ ...base, kind: 'unit-room', unitCode: unit.code })
    return {
      ok: true,
      kind: 'unit-room',
      unitName: unit.name,
      reply: `本群已绑定「${unit.name}」。发送“填报”开始填报，“进度”查看本单位进度。`,
    }
  }

  /** A person with several units chose one (private chat): it becomes their first unit. */
  async preferUnit(memberId: string, unitCode: string): Promise<void> {
    await this.bindings.touchMember(memberId, unitCode, this.clock.now())
  }

  unitNames(codes: string[]): Promise<Map<string, string>> {
    return this.units.names(codes)
  }

  /** Bureau command `解绑 <unit>`: every binding of the unit becomes inactive (kept for the record). */
  unbindUnit(unitCode: string): Promise<number> {
    return this.bindings.deactivateUnit(unitCode)
  }

  /** The bot was removed from a room: its bindings become inactive. Returns what was lost. */
  roomLeft(roomId: string): Promise<BindingRecord[]> {
    return this.bindings.deactivateRoom(roomId)
  }

  bureauRooms(): Promise<BindingRecord[]> {
    return this.bindings.bureauRooms()
  }

  activeRoomBindings(account: string): Promise<BindingRecord[]> {
    return this.bindings.activeRooms(account)
  }

  activeMemberBindings(account: string): Promise<BindingRecord[]> {
    return this.bindings.activeMembers(account)
  }

  updateIds(id: string, patch: { roomId?: string; memberId?: string }): Promise<void> {
    return this.bindings.update(id, patch)
  }

  deactivate(id: string): Promise<void> {
    return this.bindings.update(id, { active: false })
  }

  /** Finds a unit by code or by (part of) its name, for bureau commands such as `催报 东山镇`. */
  async findUnit(query: string): Promise<{ code: string; name: string } | null> {
    const q = query.trim()
    if (!q) return null
    const byCode = await this.units.named(q)
    if (byCode) return byCode
    const byName = await this.units.nameContains(q, 2)
    return byName.length === 1 ? byName[0] : null
  }
}
