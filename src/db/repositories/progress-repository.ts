import { unitDeadlineExpr } from '../../domain/deadline.js'
import type { Connection, PipelineStage } from 'mongoose'
import type { ProgressCounts } from '../../domain/progress-counts.js'
import { FORM_CODES, type Round, type RoundUnit } from '../../domain/types.js'
import { roundModel, type RoundDoc } from '../models/round.js'
import { roundUnitModel } from '../models/round-unit.js'

/** One aggregation over round_units: on time = complete by the unit's deadline (its extension when later). */
export function progressCountsPipeline(filter: Record<string, unknown>, dueAt: Date): PipelineStage[] {
  // the rule of src/domain/deadline.ts, applied in the database
  const deadline = unitDeadlineExpr(dueAt)
  return [
    { $match: filter },
    {
      $project: {
        _id: 0,
        complete: 1,
        onTime: { $and: ['$complete', { $lte: ['$completedAt', deadline] }] },
        started: { $gt: [{ $size: '$submitted' }, 0] },
      },
    },
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

/** A round's unit rows restricted to some units (undefined: all). */
function filterOf(roundId: string, unitCodes?: readonly string[]): Record<string, unknown> {
  return unitCodes ? { roundId, unitCode: { $in: [...unitCodes] } } : { roundId }
}

/** The progress reads (ProgressService's ProgressSource) on MongoDB: round_units, counted in one aggregation. */
export class ProgressRepository {
  private rounds
  private roundUnits
  constructor(conn: Connection) {
    this.rounds = roundModel(conn)
    this.roundUnits = roundUnitModel(conn)
  }

  /** the round's due date; null when there is no such round */
  async dueAt(roundId: string): Promise<Date | null> {
    if (!/^[0-9a-f]{24}$/.test(roundId)) return null
    return (await this.rounds.findById(roundId, { dueAt: 1 }).lean<RoundDoc>())?.dueAt ?? null
  }

  async counts(roundId: string, unitCodes: readonly string[] | undefined, dueAt: Date): Promise<ProgressCounts> {
    const [r] = await this.roundUnits.aggregate<ProgressCounts>(
      progressCountsPipeline(filterOf(roundId, unitCodes), dueAt),
    )
    return {
      expected: r?.expected ?? 0,
      onTime: r?.onTime ?? 0,
      late: r?.late ?? 0,
      partial: r?.partial ?? 0,
      missing: r?.missing ?? 0,
    }
  }

  /** a page of the rows, by unit code, with only the fields a unit's row needs */
  page(
    roundId: string,
    unitCodes: readonly string[] | undefined,
    page: { limit: number; offset: number },
  ): Promise<RoundUnit[]> {
    const fields = { _id: 0, unitCode: 1, forms: 1, submitted: 1, complete: 1, completedAt: 1, extensionUntil: 1 }
    return this.roundUnits
      .find(filterOf(roundId, unitCodes), fields)
      .sort({ unitCode: 1 })
      .skip(page.offset)
      .limit(page.limit)
      .lean<RoundUnit[]>()
  }

  /** every row of the round (or of these units) with what the board needs, heads reduced to their status */
  boardRows(
    roundId: string,
    unitCodes: readonly string[] | undefined,
  ): Promise<
    Pick<RoundUnit, 'unitCode' | 'forms' | 'submitted' | 'complete' | 'completedAt' | 'extensionUntil' | 'heads'>[]
  > {
    const fields = {
      _id: 0,
      unitCode: 1,
      forms: 1,
      submitted: 1,
      complete: 1,
      completedAt: 1,
      extensionUntil: 1,
      ...Object.fromEntries(FORM_CODES.map((f) => [`heads.${f}.status`, 1])),
    }
    return this.roundUnits.find(filterOf(roundId, unitCodes), fields).lean<RoundUnit[]>()
  }

  /** the units still missing a form, by the { roundId, complete } index */
  incomplete(roundId: string): Promise<Pick<RoundUnit, 'unitCode' | 'submitted'>[]> {
    return this.roundUnits
      .find({ roundId, complete: false }, { _id: 0, unitCode: 1, submitted: 1 })
      .sort({ unitCode: 1 })
      .lean<Pick<RoundUnit, 'unitCode' | 'submitted'>[]>()
  }

  /** the year's rounds that were opened, with their due dates */
  async openedIn(year: number): Promise<Pick<Round, 'id' | 'dueAt'>[]> {
    return (await this.rounds.find({ year, status: { $ne: 'draft' } }, { dueAt: 1 }).lean<RoundDoc[]>()).map((r) => ({
      id: String(r._id),
      dueAt: r.dueAt,
    }))
  }

  unitIn(roundIds: readonly string[], unitCode: string): Promise<RoundUnit[]> {
    return this.roundUnits.find({ roundId: { $in: [...roundIds] }, unitCode }, { _id: 0, __v: 0 }).lean<RoundUnit[]>()
  }
}
