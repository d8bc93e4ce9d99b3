import type { Connection } from 'mongoose'
import { roundModel, type RoundDoc } from '../db/models/round.js'
import { roundUnitModel } from '../db/models/round-unit.js'
import { unitModel } from '../db/models/unit.js'
import type { FormCode, RoundUnit } from '../domain/types.js'
import { AppError } from '../errors.js'
import type { UnitScope } from './principal.js'

export type UnitProgressStatus = 'on_time' | 'late' | 'missing' | 'partial'

export interface UnitProgress {
  unitCode: string
  unitName: string
  forms: FormCode[]
  submitted: FormCode[]
  deadline: string
  status: UnitProgressStatus
  completedAt?: string
  extended: boolean
}

export interface RoundProgress {
  roundId: string
  expected: number
  submitted: number
  onTime: number
  late: number
  missing: number
  /** missing units that sent some forms already */
  partial: number
  units: UnitProgress[]
}

/**
 * Progress reads round_units only (the submission service keeps `submitted`/`complete`/`completedAt` up
 * to date), so a round's progress is one index scan on { roundId } whatever the number of submissions.
 * A unit is on time when it completed by its deadline (its extension when granted); a return does not
 * reset completedAt, so the first complete filing counts, as the county's rules say.
 */
export class ProgressService {
  private rounds
  private roundUnits
  private units
  constructor(conn: Connection) {
    this.rounds = roundModel(conn)
    this.roundUnits = roundUnitModel(conn)
    this.units = unitModel(conn)
  }

  async round(roundId: string, scope: UnitScope): Promise<RoundProgress> {
    const round = /^[0-9a-f]{24}$/.test(roundId) ? await this.rounds.findById(roundId, { dueAt: 1 }).lean<RoundDoc>() : null
    if (!round) throw AppError.notFound('监控轮次不存在')
    // only the fields a unit's row needs (a 16,000-unit round reads half the bytes: bench/progress);
    // for the whole county the names are read side by side, a scope needs its unit list first
    const fields = { _id: 0, unitCode: 1, forms: 1, submitted: 1, complete: 1, completedAt: 1, extensionUntil: 1 }
    const read = (filter: Record<string, unknown>) => this.roundUnits.find(filter, fields).sort({ unitCode: 1 }).lean<RoundUnit[]>()
    let names: Map<string, string>
    let rows: RoundUnit[]
    if (scope.kind === 'all') [names, rows] = await Promise.all([this.unitNames(scope), read({ roundId })])
    else {
      names = await this.unitNames(scope)
      rows = await read({ roundId, unitCode: { $in: [...names.keys()] } })
    }
    const units = rows.map((ru) => this.unitProgress(ru, round.dueAt, names.get(ru.unitCode) ?? ''))
    const count = (s: UnitProgressStatus) => units.filter((u) => u.status === s).length
    return {
      roundId,
      expected: units.length,
      submitted: count('on_time') + count('late'),
      onTime: count('on_time'),
      late: count('late'),
      missing: count('missing') + count('partial'),
      partial: count('partial'),
      units,
    }
  }

  /** A unit's reporting rate (complete ÷ expected) and timeliness (on time ÷ expected) over a year's opened rounds. */
  async unitYear(unitCode: string, year: number): Promise<{ unitCode: string; year: number; expected: number; complete: number; onTime: number; reportingRate: number; timeliness: number }> {
    const rounds = await this.rounds.find({ year, status: { $ne: 'draft' } }, { dueAt: 1 }).lean<RoundDoc[]>()
    const due = new Map(rounds.map((r) => [String(r._id), r.dueAt]))
    const rows = await this.roundUnits.find({ roundId: { $in: [...due.keys()] }, unitCode }, { _id: 0, __v: 0 }).lean<RoundUnit[]>()
    const complete = rows.filter((r) => r.complete).length
    const onTime = rows.filter((r) => r.complete && r.completedAt && r.completedAt <= deadlineOf(r, due.get(r.roundId) ?? new Date(0))).length
    const pct = (n: number) => (rows.length ? Math.round((n / rows.length) * 10000) / 100 : 0)
    return { unitCode, year, expected: rows.length, complete, onTime, reportingRate: pct(complete), timeliness: pct(onTime) }
  }

  private unitProgress(ru: RoundUnit, dueAt: Date, unitName: string): UnitProgress {
    const deadline = deadlineOf(ru, dueAt)
    let status: UnitProgressStatus
    if (ru.complete && ru.completedAt) status = ru.completedAt <= deadline ? 'on_time' : 'late'
    else status = ru.submitted.length > 0 ? 'partial' : 'missing'
    return {
      unitCode: ru.unitCode,
      unitName,
      forms: ru.forms,
      submitted: ru.submitted,
      deadline: deadline.toISOString(),
      status,
      ...(ru.completedAt ? { completedAt: ru.completedAt.toISOString() } : {}),
      extended: deadline > dueAt,
    }
  }

  /** Unit names within the scope (served by the unique code index or the parentCode index). */
  private async unitNames(scope: UnitScope): Promise<Map<string, string>> {
    const filter = scope.kind === 'all' ? {} : scope.kind === 'unit' ? { code: scope.code } : { parentCode: scope.code }
    const units = await this.units.find(filter, { code: 1, name: 1 }).lean()
    return new Map(units.map((u) => [u.code, u.name]))
  }
}

function deadlineOf(ru: RoundUnit, dueAt: Date): Date {
  return ru.extensionUntil && ru.extensionUntil > dueAt ? ru.extensionUntil : dueAt
}
