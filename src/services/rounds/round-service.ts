import { dueInstant } from '../../domain/due-instant.js'
import type { EscalationSettings, FormCode, Project, ReminderSettings, Round, RoundStatus } from '../../domain/types.js'
import { AppError } from '../../errors.js'

export interface RoundSettings {
  title?: string
  dueDate?: string
  lockDate?: string | null
  tolerance?: number
  jumpFactor?: number
  reminders?: Partial<ReminderSettings>
  escalation?: Partial<EscalationSettings>
  departmentReview?: boolean
  previousRoundId?: string | null
  requirePlatformEntry?: boolean
}

export interface NewRound extends RoundSettings {
  title: string
  year: number
  endMonth: number
  dueDate: string
  /** forms per unit; default: every unit, the forms its data calls for */
  units?: { unitCode: string; forms: FormCode[] }[]
}

/** A change to a round's fields: values to set (dotted paths into reminders/escalation) and fields to remove. */
export interface RoundPatch {
  set: Record<string, unknown>
  unset: string[]
}

/** Where rounds and round units are kept (src/db/repositories/round-repository.ts, which drops its cached round on each change). */
export interface RoundStore {
  /** the round as stored now */
  freshRound(id: string): Promise<Round | null>
  /** null when a round of that title exists */
  insertRound(fields: Record<string, unknown>): Promise<Round | null>
  /** up to 200, latest first */
  listRounds(year?: number): Promise<Round[]>
  patchRound(id: string, patch: RoundPatch): Promise<Round | null>
  /** the status becomes `to` if it is one of `from`; null otherwise */
  transitionRound(id: string, from: RoundStatus[], to: RoundStatus): Promise<Round | null>
  /** the round's units with their forms (a unit already planned keeps its row) */
  planUnits(roundId: string, plan: readonly { unitCode: string; forms: FormCode[] }[]): Promise<void>
  /** false when the unit is not in the round; reopening clears the unit's `locked` mark, `locked` sets it */
  setRoundUnit(
    roundId: string,
    unitCode: string,
    set: { extensionUntil: Date } | { reopened: boolean; locked?: boolean },
  ): Promise<boolean>
  /** marks the round's units that are not reopened `locked` (what every process's submit write checks) */
  markLocked(roundId: string): Promise<void>
}

/** What rounds need of units (src/db/repositories/unit-repository.ts). */
export interface RoundUnitsSource {
  /** of `codes`, those that exist */
  existing(codes: readonly string[]): Promise<string[]>
  codesAndProjects(): Promise<{ units: string[]; projects: Pick<Project, 'unitCode' | 'countyArranged'>[] }>
}

// which status a transition may start from
const TRANSITIONS: Record<'open' | 'closed' | 'locked', RoundStatus[]> = {
  open: ['draft', 'closed'],
  closed: ['open'],
  locked: ['open', 'closed'],
}

/** Rounds and their per-unit rows (round_units): create, settings, status, extensions, reopening. */
export class RoundService {
  constructor(
    private readonly rounds: RoundStore,
    private readonly units: RoundUnitsSource,
    private readonly zone: string,
  ) {}

  async create(input: NewRound): Promise<Round> {
    const plan = input.units ?? (await this.defaultForms())
    if (input.units) {
      const codes = [...new Set(input.units.map((u) => u.unitCode))]
      const known = new Set(await this.units.existing(codes))
      const unknown = codes.filter((c) => !known.has(c))
      if (unknown.length) throw AppError.invalid(`单位不存在：${unknown.slice(0, 20).join('、')}`, { unknown })
    }
    const { reminders, escalation, ...rest } = input
    const { set } = this.settings(rest)
    const round = await this.rounds.insertRound({
      ...set,
      reminders,
      escalation,
      title: input.title,
      year: input.year,
      endMonth: input.endMonth,
      status: 'draft',
    })
    if (!round) throw AppError.conflict('round_exists', '同名的监控轮次已存在')
    await this.rounds.planUnits(round.id, plan)
    return round
  }

  list(year?: number): Promise<Round[]> {
    return this.rounds.listRounds(year)
  }

  async get(id: string): Promise<Round> {
    const round = await this.rounds.freshRound(id)
    if (!round) throw AppError.notFound('监控轮次不存在')
    return round
  }

  async update(id: string, s: RoundSettings): Promise<Round> {
    await this.get(id)
    const round = await this.rounds.patchRound(id, this.settings(s))
    if (!round) throw AppError.notFound('监控轮次不存在')
    return round
  }

  async setStatus(id: string, to: 'open' | 'closed' | 'locked'): Promise<Round> {
    const current = await this.get(id)
    const round = await this.rounds.transitionRound(id, TRANSITIONS[to], to)
    if (!round) throw AppError.conflict('invalid_state', `轮次当前状态（${current.status}）不能改为 ${to}`)
    // before answering: a submit whose write lands after this returns is refused, whatever round its
    // process has cached (see the invariants in submission-service.ts)
    if (to === 'locked') await this.rounds.markLocked(id)
    return round
  }

  /** A later due date for one unit (23:59:59 local of `until`). */
  async extend(roundId: string, unitCode: string, until: string): Promise<{ unitCode: string; extensionUntil: Date }> {
    await this.get(roundId)
    const at = dueInstant(until, this.zone)
    if (!(await this.rounds.setRoundUnit(roundId, unitCode, { extensionUntil: at })))
      throw AppError.notFound('该单位不在本轮填报范围内')
    return { unitCode, extensionUntil: at }
  }

  /** Lets one unit edit again after the lock. */
  async reopenUnit(
    roundId: string,
    unitCode: string,
    reopened: boolean,
  ): Promise<{ unitCode: string; reopened: boolean }> {
    const round = await this.get(roundId)
    // closing a reopened unit of a locked round marks it locked again (locked is the round's last status)
    const locked = !reopened && round.status === 'locked'
    if (!(await this.rounds.setRoundUnit(roundId, unitCode, { reopened, locked })))
      throw AppError.notFound('该单位不在本轮填报范围内')
    return { unitCode, reopened }
  }

  /** Settings as one update; a null lock date removes the lock (an absent field, never null: see editable()). */
  private settings(s: RoundSettings): RoundPatch {
    const out: Record<string, unknown> = {}
    const unset: string[] = []
    if (s.title !== undefined) out.title = s.title
    if (s.dueDate !== undefined) out.dueAt = dueInstant(s.dueDate, this.zone)
    if (s.lockDate === null) unset.push('lockAt')
    else if (s.lockDate !== undefined) out.lockAt = dueInstant(s.lockDate, this.zone)
    if (s.tolerance !== undefined) out.tolerance = s.tolerance
    if (s.jumpFactor !== undefined) out.jumpFactor = s.jumpFactor
    if (s.departmentReview !== undefined) out.departmentReview = s.departmentReview
    if (s.requirePlatformEntry !== undefined) out.requirePlatformEntry = s.requirePlatformEntry
    if (s.previousRoundId === null) unset.push('previousRoundId')
    else if (s.previousRoundId !== undefined) out.previousRoundId = s.previousRoundId
    for (const [k, v] of Object.entries(s.reminders ?? {})) out[`reminders.${k}`] = v
    for (const [k, v] of Object.entries(s.escalation ?? {})) out[`escalation.${k}`] = v
    return { set: out, unset }
  }

  /** Every unit files the department table and the disclosure; the project tables where it has projects. */
  private async defaultForms(): Promise<{ unitCode: string; forms: FormCode[] }[]> {
    const { units, projects } = await this.units.codesAndProjects()
    const hasProjects = new Set(projects.map((p) => p.unitCode))
    const hasCounty = new Set(projects.filter((p) => p.countyArranged).map((p) => p.unitCode))
    return units.map((code) => {
      const forms: FormCode[] = ['department']
      if (hasProjects.has(code)) forms.push('project')
      if (hasCounty.has(code)) forms.push('county-detail')
      forms.push('disclosure')
      return { unitCode: code, forms }
    })
  }
}
