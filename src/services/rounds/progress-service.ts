import { unitDeadline } from '../../domain/deadline.js'
import type { PlatformEntry } from '../../domain/platform-entry.js'
import {
  unitDoneAt,
  unitStanding,
  type ProgressCounts,
  type StandingRound,
  type UnitStanding,
} from '../../domain/progress-counts.js'
import type { FormCode, Round, RoundUnit } from '../../domain/types.js'
import { AppError } from '../../errors.js'
import type { UnitScope } from '../access/principal.js'

/** 'awaiting_entry' (已提交未录入) only in a round that requires the platform entry */
export type UnitProgressStatus = UnitStanding

export interface UnitProgress {
  unitCode: string
  unitName: string
  forms: FormCode[]
  submitted: FormCode[]
  deadline: string
  status: UnitProgressStatus
  completedAt?: string
  extended: boolean
  /** entered in the provincial platform (shown whether the round requires it or not) */
  entered: boolean
  platformEntry?: Omit<PlatformEntry, 'at'> & { at: string }
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
  /** the round requires the platform entry: a unit is done once submitted and entered */
  requirePlatformEntry: boolean
  /** forms all in, not entered (已提交未录入; counted in missing), when the round requires the entry; else 0 */
  awaitingEntry: number
  /** units entered in the platform (已录入) */
  entered: number
  /** one page of the per-unit rows, sorted by unit code */
  units: UnitProgress[]
  page: { offset: number; limit: number; total: number }
}

export type { ProgressCounts } from '../../domain/progress-counts.js'

/** The progress reads (src/db/repositories/progress-repository.ts; unit names from unit-repository.ts). */
export interface ProgressSource {
  /** the round's due date and entry option; null when there is no such round */
  basis(roundId: string): Promise<StandingRound | null>
  /** counts over the round's units (or those of `unitCodes`), on time by each unit's deadline */
  counts(roundId: string, unitCodes: readonly string[] | undefined, round: StandingRound): Promise<ProgressCounts>
  /** a page of the rows, by unit code */
  page(
    roundId: string,
    unitCodes: readonly string[] | undefined,
    page: { limit: number; offset: number },
  ): Promise<RoundUnit[]>
  incomplete(roundId: string): Promise<Pick<RoundUnit, 'unitCode' | 'submitted'>[]>
  awaitingEntry(roundId: string): Promise<Pick<RoundUnit, 'unitCode'>[]>
  openedIn(year: number): Promise<Pick<Round, 'id' | 'dueAt' | 'requirePlatformEntry'>[]>
  unitIn(roundIds: readonly string[], unitCode: string): Promise<RoundUnit[]>
}

export interface ProgressUnits {
  names(codes: readonly string[]): Promise<Map<string, string>>
  /** names of the units in the scope */
  namesIn(scope: UnitScope): Promise<Map<string, string>>
}

/**
 * Progress reads round_units only (the submission service keeps `submitted`/`complete`/`completedAt` up
 * to date): one counting aggregation on { roundId } plus a page of rows, whatever the number of submissions.
 * A unit is on time when it completed by its deadline (its extension when granted); a return does not
 * reset completedAt, so the first complete filing counts, as the county's rules say.
 */
export class ProgressService {
  constructor(
    private readonly rounds: ProgressSource,
    private readonly units: ProgressUnits,
  ) {}

  /**
   * Counts for the whole scope come from one aggregation; the per-unit rows are a page (sorted by
   * unit code), so a 16,000-unit round answers with its counts and the first rows, not 3 MB of JSON.
   */
  async round(
    roundId: string,
    scope: UnitScope,
    page: { limit: number; offset: number } = { limit: 200, offset: 0 },
  ): Promise<RoundProgress> {
    const round = await this.rounds.basis(roundId)
    if (!round) throw AppError.notFound('监控轮次不存在')
    const unitCodes = scope.kind !== 'all' ? [...(await this.units.namesIn(scope)).keys()] : undefined
    // the page and its unit names are read while the counts aggregate (the longest of the three reads)
    const pageRows = async () => {
      const rows = await this.rounds.page(roundId, unitCodes, page)
      return { rows, names: await this.namesOf(rows.map((r) => r.unitCode)) }
    }
    const [counts, { rows, names }] = await Promise.all([this.rounds.counts(roundId, unitCodes, round), pageRows()])
    return {
      roundId,
      expected: counts.expected,
      submitted: counts.onTime + counts.late,
      onTime: counts.onTime,
      late: counts.late,
      missing: counts.missing,
      partial: counts.partial,
      requirePlatformEntry: round.requirePlatformEntry ?? false,
      awaitingEntry: counts.awaitingEntry,
      entered: counts.entered,
      units: rows.map((ru) => this.unitProgress(ru, round, names.get(ru.unitCode) ?? '')),
      page: { offset: page.offset, limit: page.limit, total: counts.expected },
    }
  }

  /** The units of a round still missing a form (for the bureau group's 进度), by the { roundId, complete } index. */
  async missingUnits(roundId: string): Promise<{ unitCode: string; unitName: string; partial: boolean }[]> {
    const rows = await this.rounds.incomplete(roundId)
    const names = await this.namesOf(rows.map((r) => r.unitCode))
    return rows.map((r) => ({
      unitCode: r.unitCode,
      unitName: names.get(r.unitCode) ?? r.unitCode,
      partial: r.submitted.length > 0,
    }))
  }

  /** The units with every form in but not entered in the platform (已提交未录入), for the bureau group's 进度. */
  async awaitingEntryUnits(roundId: string): Promise<{ unitCode: string; unitName: string }[]> {
    const rows = await this.rounds.awaitingEntry(roundId)
    const names = await this.namesOf(rows.map((r) => r.unitCode))
    return rows.map((r) => ({ unitCode: r.unitCode, unitName: names.get(r.unitCode) ?? r.unitCode }))
  }

  private async namesOf(codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map()
    return this.units.names(codes)
  }

  /** A unit's reporting rate (complete ÷ expected) and timeliness (on time ÷ expected) over a year's opened rounds. */
  async unitYear(
    unitCode: string,
    year: number,
  ): Promise<{
    unitCode: string
    year: number
    expected: number
    complete: number
    onTime: number
    reportingRate: number
    timeliness: number
  }> {
    const rounds = await this.rounds.openedIn(year)
    const byId = new Map(rounds.map((r) => [r.id, r]))
    const rows = await this.rounds.unitIn([...byId.keys()], unitCode)
    const doneAt = (r: RoundUnit) => unitDoneAt(byId.get(r.roundId) ?? { dueAt: new Date(0) }, r)
    const complete = rows.filter((r) => doneAt(r)).length
    const onTime = rows.filter((r) => {
      const at = doneAt(r)
      return at && at <= unitDeadline({ dueAt: byId.get(r.roundId)?.dueAt ?? new Date(0) }, r)
    }).length
    const pct = (n: number) => (rows.length ? Math.round((n / rows.length) * 10000) / 100 : 0)
    return {
      unitCode,
      year,
      expected: rows.length,
      complete,
      onTime,
      reportingRate: pct(complete),
      timeliness: pct(onTime),
    }
  }

  private unitProgress(ru: RoundUnit, round: StandingRound, unitName: string): UnitProgress {
    const deadline = unitDeadline(round, ru)
    const entry = ru.platformEntry
    return {
      unitCode: ru.unitCode,
      unitName,
      forms: ru.forms,
      submitted: ru.submitted,
      deadline: deadline.toISOString(),
      status: unitStanding(round, ru),
      ...(ru.completedAt ? { completedAt: ru.completedAt.toISOString() } : {}),
      extended: deadline > round.dueAt,
      entered: Boolean(entry),
      ...(entry ? { platformEntry: { at: entry.at.toISOString(), by: entry.by, source: entry.source } } : {}),
    }
  }
}
