import type { Connection } from 'mongoose'
import type { ChatRoundUnit, CurrentRound, UnitReach } from '../../domain/chat-reads.js'
import { bindingModel } from '../models/binding.js'
import { bureauStaffModel } from '../models/bureau-staff.js'
import type { BureauStaff } from '../../domain/bureau-staff.js'
import { roundModel } from '../models/round.js'
import { roundUnitModel } from '../models/round-unit.js'
import { unitModel } from '../models/unit.js'

/** The reads of the bureau group's commands (进度, 催报, 通知 by tag). No cache: they are rare. */
/** Fits src/chat/ports.ts ChatLookupsPort (checked where the container passes it in). */
export class ChatLookups {
  private rounds
  private roundUnits
  private bindings
  private units
  private staff
  constructor(conn: Connection) {
    this.staff = bureauStaffModel(conn)
    this.rounds = roundModel(conn)
    this.roundUnits = roundUnitModel(conn)
    this.bindings = bindingModel(conn)
    this.units = unitModel(conn)
  }

  async currentRound(): Promise<CurrentRound | null> {
    const r = await this.rounds
      .findOne({ status: 'open' }, { title: 1, dueAt: 1, requirePlatformEntry: 1 })
      .sort({ dueAt: 1 })
      .lean()
    return r
      ? { id: String(r._id), title: r.title, dueAt: r.dueAt, requirePlatformEntry: r.requirePlatformEntry ?? false }
      : null
  }

  async roundUnit(roundId: string, unitCode: string): Promise<ChatRoundUnit | null> {
    const ru = await this.roundUnits.findOne({ roundId, unitCode }).lean()
    return ru
      ? { forms: ru.forms, submitted: ru.submitted, ...(ru.platformEntry ? { platformEntry: ru.platformEntry } : {}) }
      : null
  }

  async activeBindingsOf(unitCode: string): Promise<UnitReach[]> {
    return (await this.activeBindingsOfUnits([unitCode])).get(unitCode) ?? []
  }

  async roundUnitsOf(roundId: string, unitCodes: string[]): Promise<Map<string, ChatRoundUnit>> {
    const found = await this.roundUnits
      .find({ roundId, unitCode: { $in: unitCodes } }, { unitCode: 1, forms: 1, submitted: 1, platformEntry: 1 })
      .lean()
    return new Map(
      found.map((ru) => [
        ru.unitCode,
        { forms: ru.forms, submitted: ru.submitted, ...(ru.platformEntry ? { platformEntry: ru.platformEntry } : {}) },
      ]),
    )
  }

  async activeBindingsOfUnits(unitCodes: string[]): Promise<Map<string, UnitReach[]>> {
    const found = await this.bindings.find({ unitCode: { $in: unitCodes }, active: true }).lean()
    const byUnit = new Map<string, UnitReach[]>()
    for (const b of found) {
      if (!b.unitCode) continue
      const list = byUnit.get(b.unitCode) ?? []
      list.push({
        kind: b.kind,
        account: b.account,
        roomId: b.roomId,
        roomTopic: b.roomTopic,
        memberId: b.memberId,
        memberName: b.memberName,
      })
      byUnit.set(b.unitCode, list)
    }
    return byUnit
  }

  async memberBoundIn(memberId: string, roomId: string): Promise<boolean> {
    return (await this.bindings.exists({ memberId, roomId, active: true, kind: 'member' })) !== null
  }

  async tagInUse(tag: string): Promise<boolean> {
    return Boolean(await this.units.exists({ tags: tag }))
  }

  /** the active staff member who goes by this name in the bureau group (their chat name, else their name) */
  async staffByChatName(name: string): Promise<BureauStaff | null> {
    const byChat = await this.staff.findOne({ active: true, chatName: name }, { _id: 0, __v: 0 }).lean<BureauStaff>()
    return byChat ?? this.staff.findOne({ active: true, name }, { _id: 0, __v: 0 }).lean<BureauStaff>()
  }
}
