import type { Connection, PipelineStage } from 'mongoose'
import type { BoardRoundUnit } from '../../domain/round-board.js'
import { standingExprs, type ProgressCounts, type StandingRound } from '../../domain/progress-counts.js'
import { FORM_CODES, type Round, type RoundUnit } from '../../domain/types.js'
import { roundModel, type RoundDoc } from '../models/round.js'
import { roundUnitModel } from '../models/round-unit.js'

const COUNTS = ['onTime', 'late', 'awaitingEntry', 'partial', 'missing', 'entered'] as const

/**
 * One aggregation over round_units: on time = done by the unit's deadline (its extension when later),
 * done = forms submitted (and entered, when the round requires it) — the rule of src/domain/progress-counts.ts.
 */
export function progressCountsPipeline(filter: Record<string, unknown>, round: StandingRound): PipelineStage[] {
  const is = standingExprs(round)
  return [
    { $match: filter },
    { $project: { _id: 0, ...Object.fromEntries(COUNTS.map((k) => [k, is[k]])) } },
    {
      $group: {
        _id: null,
        expected: { $sum: 1 },
        ...Object.fromEntries(COUNTS.map((k) => [k, { $sum: { $cond: [`$${k}`, 1, 0] } }])),
      },
    },
  ]
}

/** A round's unit rows restricted to some units (undefined: all). */
function filterOf(roundId: string, unitCodes?: readonly string[]): Record<string, unknown> {
  return unitCodes ? { roundId, unitCode: { $in: [...unitCodes] } } : { roundId }
}

/** What a unit's standing is decided from (src/domain/progress-counts.ts), besides its platform entry. */
const STANDING_FIELDS = {
  _id: 0,
  unitCode: 1,
  forms: 1,
  submitted: 1,
  complete: 1,
  completedAt: 1,
  extensionUntil: 1,
} as const

/** The progress reads (ProgressService's ProgressSource) on MongoDB: round_units, counted in one aggregation. */
export class ProgressRepository {
  private rounds
  private roundUnits
  constructor(conn: Connection) {
    this.rounds = roundModel(conn)
    this.roundUnits = roundUnitModel(conn)
  }

  /** the round's due date and whether it requires the platform entry; null when there is no such round */
  async basis(roundId: string): Promise<StandingRound | null> {
    if (!/^[0-9a-f]{24}$/.test(roundId)) return null
    const r = await this.rounds.findById(roundId, { dueAt: 1, requirePlatformEntry: 1 }).lean<RoundDoc>()
    return r ? { dueAt: r.dueAt, requirePlatformEntry: r.requirePlatformEntry ?? false } : null
  }

  async counts(
    roundId: string,
    unitCodes: readonly string[] | undefined,
    round: StandingRound,
  ): Promise<ProgressCounts> {
    const [r] = await this.roundUnits.aggregate<ProgressCounts>(
      progressCountsPipeline(filterOf(roundId, unitCodes), round),
    )
    return {
      expected: r?.expected ?? 0,
      onTime: r?.onTime ?? 0,
      late: r?.late ?? 0,
      partial: r?.partial ?? 0,
      missing: r?.missing ?? 0,
      awaitingEntry: r?.awaitingEntry ?? 0,
      entered: r?.entered ?? 0,
    }
  }

  /** a page of the rows, by unit code, with only the fields a unit's row needs */
  page(
    roundId: string,
    unitCodes: readonly string[] | undefined,
    page: { limit: number; offset: number },
  ): Promise<RoundUnit[]> {
    return this.roundUnits
      .find(filterOf(roundId, unitCodes), { ...STANDING_FIELDS, platformEntry: 1 })
      .sort({ unitCode: 1 })
      .skip(page.offset)
      .limit(page.limit)
      .lean<RoundUnit[]>()
  }

  /** every row of the round (or of these units) with what the board needs, heads reduced to their status */
  boardRows(roundId: string, unitCodes: readonly string[] | undefined): Promise<BoardRoundUnit[]> {
    const fields = {
      ...STANDING_FIELDS,
      'platformEntry.at': 1,
      ...Object.fromEntries(FORM_CODES.map((f) => [`heads.${f}.status`, 1])),
    }
    return this.roundUnits.find(filterOf(roundId, unitCodes), fields).lean<BoardRoundUnit[]>()
  }

  /** the units still missing a form, by the { roundId, complete } index */
  incomplete(roundId: string): Promise<Pick<RoundUnit, 'unitCode' | 'submitted'>[]> {
    return this.roundUnits
      .find({ roundId, complete: false }, { _id: 0, unitCode: 1, submitted: 1 })
      .sort({ unitCode: 1 })
      .lean<Pick<RoundUnit, 'unitCode' | 'submitted'>[]>()
  }

  /** the units with every form in but not entered in the platform (已提交未录入) */
  awaitingEntry(roundId: string): Promise<Pick<RoundUnit, 'unitCode'>[]> {
    return this.roundUnits
      .find({ roundId, complete: true, 'platformEntry.at': { $exists: false } }, { _id: 0, unitCode: 1 })
      .sort({ unitCode: 1 })
      .lean<Pick<RoundUnit, 'unitCode'>[]>()
  }

  /** the year's rounds that were opened, with their due dates */
  async openedIn(year: number): Promise<Pick<Round, 'id' | 'dueAt' | 'requirePlatformEntry'>[]> {
    const found = await this.rounds
      .find({ year, status: { $ne: 'draft' } }, { dueAt: 1, requirePlatformEntry: 1 })
      .lean<RoundDoc[]>()
    return found.map((r) => ({ id: String(r._id), dueAt: r.dueAt, requirePlatformEntry: r.requirePlatformEntry }))
  }

  unitIn(roundIds: readonly string[], unitCode: string): Promise<RoundUnit[]> {
    return this.roundUnits.find({ roundId: { $in: [...roundIds] }, unitCode }, { _id: 0, __v: 0 }).lean<RoundUnit[]>()
  }
}
