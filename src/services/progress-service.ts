import type { Connection, PipelineStage } from 'mongoose'
import { roundModel, type RoundDoc } from '../db/models/round.js'
import { roundUnitModel } from '../db/models/round-unit.js'
import { unitModel } from '../db/models/unit.js'
import { unitDeadline, unitDeadlineExpr } from '../domain/deadline.js'
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
  /** one page of the per-unit rows, sorted by unit code */
  units: UnitProgress[]
  page: { offset: number; limit: number; total: number }
}

export interface ProgressCounts {
  expected: number
  onTime: number
  late: number
  partial: number
  /** not complete (includes partial) */
  missing: number
}

/**
 * One aggregation over round_units: on time = complete by the unit's deadline, the rule of
 * src/domain/deadline.ts applied in the database (unitDeadlineExpr).
 */
export function progressCountsPipeline(filter: Record<string, unknown>, dueAt: Date): PipelineStage[] {
  const deadline = unitDeadlineExpr(dueAt)
  return [
    { $match: filter },
    { $project: { _id: 0, complete: 1, onTime: { $and: ['$complete', { $lte: ['$completedAt', deadline] }] }, started: { $gt: [{ $size: '$submitted' }, 0] } } },
    {
      $group: {
        _id: null,
        expected: { $sum: 1 },
        onTime: { $sum: { $cond: ['$onTime', 1, 0] } },
        late: { $sum: { $cond: [{ $and: ['$complete', { $not: ['$onTime'] }] }, 1, 0] } },
        partial: { $sum: { $cond: [{ $and: [{ $not: ['$complete'] }, '$started'] }, 1, 0] } },
        missing: { $sum: { $cond: ['$complete', 0, 1] } },
      },
    },
  ]
}

/**
 * Progress reads round_units only (the submission service keeps `submitted`/`complete`/`completedAt` up
 * to date): one counting aggregation on { roundId } plus a page of rows, whatever the number of submissions.
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

  /**
   * Counts for the whole scope come from one aggregation; the per-unit rows are a page (sorted by
   * unit code), so a 16,000-unit round answers with its counts and the first rows, not 3 MB of JSON.
   */
  async round(roundId: string, scope: UnitScope, page: { limit: number; offset: number } = { limit: 200, offset: 0 }): Promise<RoundProgress> {
    const round = /^[0-9a-f]{24}$/.test(roundId) ? await this.rounds.findById(roundId, { dueAt: 1 }).lean<RoundDoc>() : null
    if (!round) throw AppError.notFound('监控轮次不存在')
    const filter: Record<string, unknown> = { roundId }
    if (scope.kind !== 'all') filter.unitCode = { $in: [...(await this.unitNames(scope)).keys()] }
    // only the fields a unit's row needs
    const fields = { _id: 0, unitCode: 1, forms: 1, submitted: 1, complete: 1, completedAt: 1, extensionUntil: 1 }
    // the page and its unit names are read while the counts aggregate (the longest of the three reads)
    const pageRows = async () => {
      const rows = await this.roundUnits.find(filter, fields).sort({ unitCode: 1 }).skip(page.offset).limit(page.limit).lean<RoundUnit[]>()
      return { rows, names: await this.namesOf(rows.map((r) => r.unitCode)) }
    }
    const [counts, { rows, names }] = await Promise.all([this.counts(filter, round.dueAt), pageRows()])
    return {
      roundId,
      expected: counts.expected,
      submitted: counts.onTime + counts.late,
      onTime: counts.onTime,
      late: counts.late,
      missing: counts.missing,
      partial: counts.partial,
      units: rows.map((ru) => this.unitProgress(ru, round.dueAt, names.get(ru.unitCode) ?? '')),
      page: { offset: page.offset, limit: page.limit, total: counts.expected },
    }
  }

  /** The units of a round still missing a form (for the bureau group's 进度), by the { roundId, complete } index. */
  async missingUnits(roundId: string): Promise<{ unitCode: string; unitName: string; partial: boolean }[]> {
    const rows = await this.roundUnits.find({ roundId, complete: false }, { _id: 0, unitCode: 1, submitted: 1 }).sort({ unitCode: 1 }).lean<Pick<RoundUnit, 'unitCode' | 'submitted'>[]>()
    const names = await this.namesOf(rows.map((r) => r.unitCode))
    return rows.map((r) => ({ unitCode: r.unitCode, unitName: names.get(r.unitCode) ?? r.unitCode, partial: r.submitted.length > 0 }))
  }

  private async counts(filter: Record<string, unknown>, dueAt: Date): Promise<ProgressCounts> {
    const [r] = await this.roundUnits.aggregate<ProgressCounts>(progressCountsPipeline(filter, dueAt))
    return { expected: r?.expected ?? 0, onTime: r?.onTime ?? 0, late: r?.late ?? 0, partial: r?.partial ?? 0, missing: r?.missing ?? 0 }
  }

  private async namesOf(codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map()
    const units = await this.units.find({ code: { $in: codes } }, { code: 1, name: 1 }).lean()
    return new Map(units.map((u) => [u.code, u.name]))
  }

  /** A unit's reporting rate (complete ÷ expected) and timeliness (on time ÷ expected) over a year's opened rounds. */
  async unitYear(unitCode: string, year: number): Promise<{ unitCode: string; year: number; expected: number; complete: number; onTime: number; reportingRate: number; timeliness: number }> {
    const rounds = await this.rounds.find({ year, status: { $ne: 'draft' } }, { dueAt: 1 }).lean<RoundDoc[]>()
    const due = new Map(rounds.map((r) => [String(r._id), r.dueAt]))
    const rows = await this.roundUnits.find({ roundId: { $in: [...due.keys()] }, unitCode }, { _id: 0, __v: 0 }).lean<RoundUnit[]>()
    const complete = rows.filter((r) => r.complete).length
    const onTime = rows.filter((r) => r.complete && r.completedAt && r.completedAt <= unitDeadline({ dueAt: due.get(r.roundId) ?? new Date(0) }, r)).length
    const pct = (n: number) => (rows.length ? Math.round((n / rows.length) * 10000) / 100 : 0)
    return { unitCode, year, expected: rows.length, complete, onTime, reportingRate: pct(complete), timeliness: pct(onTime) }
  }

  private unitProgress(ru: RoundUnit, dueAt: Date, unitName: string): UnitProgress {
    const deadline = unitDeadline({ dueAt }, ru)
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
