import type { Clock } from '../../clock.js'
import { projectTableSums, type ProjectTableSums } from '../../domain/cross-check.js'
import type { FormCode, Project, Round, Unit } from '../../domain/types.js'
import { AppError } from '../../errors.js'
import type { FormContext } from '../../forms/context.js'
import type { SubmissionStore } from './filing-ports.js'
import { TtlCache } from '../../cache/ttl-cache.js'

/** A unit and its projects as a form needs them (src/db/repositories/unit-repository.ts). */
export interface FormUnits {
  withProjects(code: string): Promise<{ unit: Unit | null; projects: Project[] }>
}

/**
 * Builds the FormContext the form engine needs for one unit, form and round: the unit, its projects
 * (budgets, targets), its department budget, the round's rules and last round's answers for comparison.
 */
export class FormContextService {
  /**
   * Staleness bound 5 s. Not a copy of stored data but a context computed from three reads: a chat turn
   * needs the same context as the one before it, a few seconds of staleness in budgets and targets is
   * harmless and saves the three reads per turn (the time is always fresh).
   */
  private recent = new TtlCache<FormContext>(5000)
  constructor(
    private readonly units: FormUnits,
    private readonly submissions: SubmissionStore,
    private readonly clock: Clock,
  ) {}

  /** build(), reusing a context built in the last few seconds for the same round, unit and form. */
  async recentOrBuild(round: Round, unitCode: string, form: FormCode): Promise<FormContext> {
    const hit = this.recent.get(recentKey(round, unitCode, form))
    if (hit) return { ...hit, now: this.clock.now().toISOString() }
    return this.build(round, unitCode, form)
  }

  /**
   * A fresh context, kept for recentOrBuild too: the mini-program builds one before a submit, and the
   * submission service's check (recentOrBuild) then reuses it instead of reading it again.
   */
  async build(round: Round, unitCode: string, form: FormCode): Promise<FormContext> {
    return this.recent.set(recentKey(round, unitCode, form), await this.read(round, unitCode, form))
  }

  private async read(round: Round, unitCode: string, form: FormCode): Promise<FormContext> {
    const [{ unit, projects }, previous, crossCheck] = await Promise.all([
      this.units.withProjects(unitCode),
      round.previousRoundId ? this.submissions.latest(round.previousRoundId, unitCode, form) : Promise.resolve(null),
      form === 'department' ? this.projectSums(round.id, unitCode) : Promise.resolve(null),
    ])
    if (!unit) throw AppError.notFound('单位不存在')
    return {
      unit: { code: unit.code, name: unit.name },
      projects,
      department: { budget: unit.budget, indicators: unit.indicators ?? [] },
      round: { year: round.year, endMonth: round.endMonth, tolerance: round.tolerance, jumpFactor: round.jumpFactor },
      ...(previous && previous.status !== 'draft' ? { previous: previous.answers } : {}),
      ...(crossCheck ? { crossCheck } : {}),
      now: this.clock.now().toISOString(),
    }
  }

  /**
   * The sums the department table's 项目支出 is checked against: the unit's project table of this round
   * when its latest version is submitted or accepted. A draft or a returned version (the bureau asked
   * for corrections) is no figure to hold the department table to: then no check.
   */
  async projectSums(roundId: string, unitCode: string): Promise<ProjectTableSums | null> {
    const latest = await this.submissions.latest(roundId, unitCode, 'project')
    if (!latest || (latest.status !== 'submitted' && latest.status !== 'accepted')) return null
    return projectTableSums(latest.answers, `项目表第 ${latest.version} 版`)
  }
}

function recentKey(round: Round, unitCode: string, form: FormCode): string {
  return `${round.id}:${round.year}:${round.endMonth}:${round.tolerance}:${unitCode}:${form}`
}
