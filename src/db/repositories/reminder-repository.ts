import type { Collection } from 'mongodb'
import type { Connection } from 'mongoose'
import type { Manager, Round } from '../../domain/types.js'
import { WECOM_ACCOUNT } from '../../domain/group-target.js'
import type { UnpushedGroup } from '../../domain/unpushed-groups.js'
import type { CalendarOverride } from '../../domain/work-calendar.js'
import type { PendingDigest, PendingDue, PendingUnit, Reach, UnitInfo } from '../../domain/reminder-reads.js'
import { bindingModel, type BindingKind } from '../models/binding.js'
import { bureauStaffModel, type BureauStaff } from '../models/bureau-staff.js'
import { calendarOverrideModel } from '../models/calendar-override.js'
import { managerModel } from '../models/manager.js'
import { roundModel, toRound } from '../models/round.js'
import { roundUnitModel } from '../models/round-unit.js'
import { sweepMarkModel } from '../models/sweep-mark.js'
import { unitModel } from '../models/unit.js'
import { UnitBindingSnapshot, type Stamped } from './unit-binding-snapshot.js'

/**
 * The sweeps' and the digest's bulk reads: lean, projected queries, one per collection (pendingDue and
 * pendingDigest run theirs side by side). Above BIG_IN codes an `$in` list costs more than it saves (a
 * province round names most units anyway), so every unit and active binding is taken from a snapshot kept
 * between runs (unit-binding-snapshot.ts: caught up on what was stamped since, read whole after a delete) and
 * cut in memory. On mongo-java-server a 16,000-document read costs Node more than the server: about
 * 20 µs a document to decode (of which UTF-8 validation a tenth), against ≈ 6 µs of server time.
 */
const BIG_IN = 2000

/**
 * A round's units still owed something: forms (complete false) or, when the round requires the platform
 * entry, the entry. Without the option this is the { roundId, complete } index's own query.
 */
function pendingFilter(roundId: string, requireEntry = false): Record<string, unknown> {
  if (!requireEntry) return { roundId, complete: false }
  return { roundId, $or: [{ complete: false }, { 'platformEntry.at': { $exists: false } }] }
}

/** what the sweeps (name, contacts) and the digest (parentCode, tags: a manager's scope) read of a unit */
const UNIT_FIELDS = { _id: 0, code: 1, name: 1, parentCode: 1, tags: 1, contacts: 1 }
const REACH_FIELDS = {
  _id: 0,
  kind: 1,
  account: 1,
  roomId: 1,
  roomTopic: 1,
  unitCode: 1,
  memberId: 1,
  memberName: 1,
  webhookKey: 1,
}

/** Of all active bindings: those of the units in `codes` (unit-room, member), and the shared/bureau rooms their members sit in. */
function reachAmong(bindings: readonly Reach[], codes: ReadonlySet<string>): Reach[] {
  const rows = bindings.filter(
    (b) => (b.kind === 'unit-room' || b.kind === 'member') && b.unitCode !== undefined && codes.has(b.unitCode),
  )
  const rooms = new Set(rows.filter((b) => b.kind === 'member' && b.roomId).map((b) => b.roomId as string))
  if (rooms.size === 0) return rows
  return [
    ...rows,
    ...bindings.filter(
      (b) => (b.kind === 'shared-room' || b.kind === 'bureau-room') && b.roomId !== undefined && rooms.has(b.roomId),
    ),
  ]
}

/** The reminder services' ReminderStore on MongoDB (checked where the composition passes it in). */
export class ReminderRepository {
  private readonly rounds
  private readonly roundUnits
  private readonly unitsModel
  private readonly bindings
  private readonly managersModel
  private readonly staff
  private readonly overrides
  private readonly marks
  /** every unit and active binding, kept between sweeps and checked before each use (large rounds only) */
  private readonly snapshot: UnitBindingSnapshot

  constructor(conn: Connection) {
    this.rounds = roundModel(conn)
    this.roundUnits = roundUnitModel(conn)
    this.unitsModel = unitModel(conn)
    this.bindings = bindingModel(conn)
    this.managersModel = managerModel(conn)
    this.staff = bureauStaffModel(conn)
    this.overrides = calendarOverrideModel(conn)
    this.marks = sweepMarkModel(conn)
    this.snapshot = new UnitBindingSnapshot(this.unitsModel.collection, this.bindings.collection, {
      units: () => this.allUnits(),
      bindings: () => this.activeBindings(),
      unitsSince: (since) => this.stampedSince<UnitInfo>(this.unitsModel.collection, since, UNIT_FIELDS),
      bindingsSince: (since) =>
        this.stampedSince<Reach>(this.bindings.collection, since, { ...REACH_FIELDS, active: 1 }),
    })
  }

  async openRounds(): Promise<Round[]> {
    const docs = await this.rounds.find({ status: 'open' }).lean()
    return docs.map(toRound)
  }

  async extensionDeadlines(roundId: string, requireEntry = false): Promise<Date[]> {
    const values: unknown[] = await this.roundUnits.distinct('extensionUntil', {
      ...pendingFilter(roundId, requireEntry),
      extensionUntil: { $ne: null },
    })
    return values.filter((v): v is Date => v instanceof Date)
  }

  /** The round's incomplete units (a whole round: through the driver, as the whole-collection reads below). */
  pendingUnits(roundId: string, requireEntry = false): Promise<PendingUnit[]> {
    return this.roundUnits.collection
      .find<PendingUnit>(pendingFilter(roundId, requireEntry), {
        // the platform entry only matters where the round requires it (reminder-policy: owesEntry)
        projection: {
          _id: 0,
          unitCode: 1,
          forms: 1,
          submitted: 1,
          complete: 1,
          extensionUntil: 1,
          ...(requireEntry ? { 'platformEntry.at': 1 } : {}),
        },
        enableUtf8Validation: false,
      })
      .toArray()
  }

  /**
   * The digest's reads: the pending round units and the round's count side by side, then their units
   * and which of them are bound — from the kept snapshot of units and bindings (checked, or read again)
   * when more than BIG_IN units are pending, otherwise by `$in` on the unique { code } index and a
   * `distinct` of bound unit codes. A pending round unit whose unit document is gone is left out.
   */
  async pendingDigest(roundId: string, requireEntry = false): Promise<PendingDigest> {
    const [statuses, total] = await Promise.all([
      this.pendingUnits(roundId, requireEntry),
      this.roundUnits.countDocuments({ roundId }).exec(),
    ])
    const codes = statuses.map((s) => s.unitCode)
    let unitOf: (code: string) => UnitInfo | undefined
    let bound: (code: string) => boolean
    if (statuses.length > BIG_IN) {
      const snap = await this.snapshot.get()
      const reached = new Set(
        snap.bindings.flatMap((b) =>
          (b.kind === 'unit-room' || b.kind === 'member') && b.unitCode ? [b.unitCode] : [],
        ),
      )
      unitOf = (code) => snap.units.get(code)
      bound = (code) => reached.has(code)
    } else {
      const [units, reached] = await Promise.all([
        this.units(codes),
        codes.length === 0
          ? Promise.resolve([])
          : this.bindings
              .distinct('unitCode', {
                active: true,
                kind: { $in: ['unit-room', 'member'] as BindingKind[] },
                unitCode: { $in: codes },
              })
              .exec(),
      ])
      const byCode = new Map(units.map((u) => [u.code, u]))
      const set = new Set<unknown>(reached)
      unitOf = (code) => byCode.get(code)
      bound = (code) => set.has(code)
    }
    const pending: PendingDigest['pending'] = []
    const reachable = new Set<string>()
    for (const status of statuses) {
      const unit = unitOf(status.unitCode)
      if (!unit) continue
      pending.push({
        status: { ...status, complete: status.complete ?? false },
        unit: { ...unit, tags: unit.tags ?? [], contacts: unit.contacts ?? [] },
      })
      if (bound(status.unitCode)) reachable.add(status.unitCode)
    }
    // complete is a boolean the schema defaults to false: complete = total − pending
    return { pending, reachable, counts: { total, complete: total - statuses.length } }
  }

  /**
   * The sweeps' reads. When the round's own deadline is being planned (`many`) and more than BIG_IN units
   * are pending, the units and bindings come from the snapshot (checked, or read whole side by side with
   * the round units once a count says so) and are cut to the kept units in memory; otherwise the round units come
   * first and only the kept units' documents are read.
   */
  async pendingDue(
    roundId: string,
    keep: (s: PendingUnit) => boolean,
    many: boolean,
    requireEntry = false,
  ): Promise<PendingDue> {
    const pending = this.pendingUnits(roundId, requireEntry)
    pending.catch(() => undefined) // awaited below
    // a held snapshot is caught up beside the round units' read (two counts, two small reads) and the
    // number of pending units decides afterwards; a cold one is read whole only once a count says so
    const warm = many && this.snapshot.warm ? this.snapshot.get() : undefined
    warm?.catch(() => undefined)
    const large = warm
      ? (await pending).length > BIG_IN
      : many && (await this.roundUnits.countDocuments(pendingFilter(roundId, requireEntry))) > BIG_IN
    if (large) {
      const [statuses, snap] = await Promise.all([pending, warm ?? this.snapshot.get()])
      const kept = statuses.filter(keep)
      const codes = new Set<string>()
      const units: UnitInfo[] = []
      for (const s of kept) {
        codes.add(s.unitCode)
        const unit = snap.units.get(s.unitCode)
        if (unit) units.push(unit)
      }
      return { statuses: kept, units, reach: reachAmong(snap.bindings, codes) }
    }
    const kept = (await pending).filter(keep)
    if (kept.length === 0) return { statuses: kept, units: [], reach: [] }
    const codes = kept.map((s) => s.unitCode)
    const [units, reach] = await Promise.all([this.units(codes), this.reach(codes)])
    return { statuses: kept, units, reach }
  }

  async units(codes: string[]): Promise<UnitInfo[]> {
    if (codes.length === 0) return []
    if (codes.length <= BIG_IN) return this.unitsModel.find({ code: { $in: codes } }, UNIT_FIELDS).lean<UnitInfo[]>()
    const units = (await this.snapshot.get()).units
    return codes.flatMap((c) => units.get(c) ?? [])
  }

  /*
   * The snapshot's whole-collection reads go through the driver without UTF-8 validation (the server
   * validated the strings on insert): for 16,000 documents, turning the reply into objects costs Node
   * more than the server's scan, and validation is a good part of that for Chinese text.
   */
  private allUnits(): Promise<Stamped<UnitInfo>[]> {
    return this.unitsModel.collection
      .find<Stamped<UnitInfo>>({}, { projection: { ...UNIT_FIELDS, _id: 1 }, enableUtf8Validation: false })
      .toArray()
  }

  /** every active binding, and the inactive ones' ids alone (the snapshot compares its size with the count) */
  private async activeBindings(): Promise<Stamped<Reach>[]> {
    const [active, inactive] = await Promise.all([
      this.bindings.collection
        .find<Stamped<Reach>>(
          { active: true },
          { projection: { ...REACH_FIELDS, _id: 1 }, enableUtf8Validation: false },
        )
        .toArray(),
      this.bindings.collection
        .find<Stamped<Reach>>({ active: { $ne: true } }, { projection: { _id: 1, active: 1 } })
        .toArray(),
    ])
    for (const b of inactive) b.active = false
    return active.concat(inactive)
  }

  /** the snapshot's catch-up: documents stamped at or after `since` (the { updatedAt: -1 } index) */
  private stampedSince<T>(c: Collection, since: Date, fields: Record<string, number>): Promise<Stamped<T>[]> {
    return c
      .find<Stamped<T>>(
        { updatedAt: { $gte: since } },
        { projection: { ...fields, _id: 1 }, enableUtf8Validation: false },
      )
      .toArray()
  }

  /** Active unit-room and member bindings of these units, plus the shared/bureau rooms they sit in. */
  async reach(codes: string[]): Promise<Reach[]> {
    if (codes.length === 0) return []
    // above BIG_IN: every active binding (the kept snapshot), the rooms resolved in memory
    if (codes.length > BIG_IN) return reachAmong((await this.snapshot.get()).bindings, new Set(codes))
    const rows = await this.bindings
      .find(
        { unitCode: { $in: codes }, active: true, kind: { $in: ['unit-room', 'member'] as BindingKind[] } },
        REACH_FIELDS,
      )
      .lean<Reach[]>()
    const rooms = [...new Set(rows.filter((b) => b.kind === 'member' && b.roomId).map((b) => b.roomId as string))]
    if (rooms.length === 0) return rows
    const shared = await this.bindings
      .find(
        { roomId: { $in: rooms }, active: true, kind: { $in: ['shared-room', 'bureau-room'] as BindingKind[] } },
        REACH_FIELDS,
      )
      .lean<Reach[]>()
    return [...rows, ...shared]
  }

  bureauRooms(): Promise<Reach[]> {
    return this.bindings
      .find(
        { kind: 'bureau-room', active: true },
        { _id: 0, kind: 1, account: 1, roomId: 1, roomTopic: 1, webhookKey: 1 },
      )
      .lean<Reach[]>()
  }

  async unpushedWecomGroups(): Promise<UnpushedGroup[]> {
    const rows = await this.bindings
      .find(
        {
          kind: { $in: ['unit-room', 'shared-room', 'bureau-room'] },
          active: true,
          account: { $in: [WECOM_ACCOUNT, new RegExp(`^${WECOM_ACCOUNT}:`)] },
          $or: [{ webhookKey: { $exists: false } }, { webhookKey: '' }, { webhookKey: null }],
        },
        { _id: 0, kind: 1, roomId: 1, roomTopic: 1, unitCode: 1 },
      )
      .sort({ boundAt: 1 })
      .lean<{ kind: BindingKind; roomId?: string; roomTopic?: string; unitCode?: string }[]>()
    const codes = [...new Set(rows.flatMap((r) => (r.unitCode ? [r.unitCode] : [])))]
    const names = new Map(
      codes.length
        ? (await this.unitsModel.find({ code: { $in: codes } }, { _id: 0, code: 1, name: 1 }).lean()).map((u) => [
            u.code,
            u.name,
          ])
        : [],
    )
    return rows.map((r) => ({
      kind: r.kind,
      roomId: r.roomId ?? '',
      ...(r.roomTopic ? { roomTopic: r.roomTopic } : {}),
      ...(r.unitCode && names.has(r.unitCode) ? { unitName: names.get(r.unitCode) } : {}),
    }))
  }

  managers(): Promise<Manager[]> {
    return this.managersModel.find({}, { _id: 0, name: 1, email: 1, scope: 1 }).lean<Manager[]>()
  }

  bureauStaff(): Promise<BureauStaff[]> {
    return this.staff.find({ active: true }, { _id: 0, name: 1, email: 1, active: 1 }).lean<BureauStaff[]>()
  }

  calendarOverrides(): Promise<CalendarOverride[]> {
    return this.overrides.find({}, { _id: 0, date: 1, work: 1, name: 1 }).lean<CalendarOverride[]>()
  }

  async sweptRules(roundId: string): Promise<string[]> {
    return (await this.marks.find({ roundId }, { _id: 0, rule: 1 }).lean()).map((m) => m.rule)
  }

  /** Upserts, so two workers marking the same slot do not collide. */
  async markSwept(roundId: string, rules: string[], at: Date): Promise<void> {
    if (rules.length === 0) return
    await this.marks.bulkWrite(
      rules.map((rule) => ({
        updateOne: { filter: { roundId, rule }, update: { $setOnInsert: { roundId, rule, at } }, upsert: true },
      })),
      { ordered: false },
    )
  }
}
