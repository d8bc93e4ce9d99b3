import type { Connection } from 'mongoose'
import { roundModel, toRound, type RoundDoc } from '../db/models/round.js'
import { roundUnitModel } from '../db/models/round-unit.js'
import { unitModel } from '../db/models/unit.js'
import { projectModel } from '../db/models/project.js'
import { dueInstant } from '../domain/due-instant.js'
import { isDuplicateKey } from '../db/duplicate-key.js'
import type { EscalationSettings, FormCode, ReminderSettings, Round, RoundStatus } from '../domain/types.js'
import { AppError } from '../errors.js'

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
}

export interface NewRound extends RoundSettings {
  title: string
  year: number
  endMonth: number
  dueDate: string
  /** forms per unit; default: every unit, the forms its data calls for */
  units?: { unitCode: string; forms: FormCode[] }[]
}

// which status a transition may start from
const TRANSITIONS: Record<'open' | 'closed' | 'locked', RoundStatus[]> = { open: ['draft', 'closed'], closed: ['open'], locked: ['open', 'closed'] }

/** Rounds and their per-unit rows (round_units): create, settings, status, extensions, reopening. */
export class RoundService {
  private rounds
  private roundUnits
  private units
  private projects
  constructor(
    conn: Connection,
    private readonly zone: string,
    /** told after each change to a round (drops cached copies) */
    private readonly changed: (roundId: string) => void = () => undefined,
  ) {
    this.rounds = roundModel(conn)
    this.roundUnits = roundUnitModel(conn)
    this.units = unitModel(conn)
    this.projects = projectModel(conn)
  }

  async create(input: NewRound): Promise<Round> {
    const plan = input.units ?? (await this.defaultForms())
    if (input.units) {
      const codes = [...new Set(input.units.map((u) => u.unitCode))]
      const known = new Set((await this.units.find({ code: { $in: codes } }, { code: 1 }).lean()).map((u) => u.code))
      const unknown = codes.filter((c) => !known.has(c))
      if (unknown.length) throw AppError.invalid(`单位不存在：${unknown.slice(0, 20).join('、')}`, { unknown })
    }
    let doc
    try {
      const { reminders, escalation, ...rest } = input
      const { $set } = this.settings(rest)
      doc = await this.rounds.create({ ...$set, reminders, escalation, title: input.title, year: input.year, endMonth: input.endMonth, status: 'draft' })
    } catch (err) {
      if (isDuplicateKey(err)) throw AppError.conflict('round_exists', '同名的监控轮次已存在')
      throw err
    }
    const roundId = String(doc._id)
    if (plan.length > 0) {
      await this.roundUnits.bulkWrite(
        plan.map((p) => ({ updateOne: { filter: { roundId, unitCode: p.unitCode }, update: { $setOnInsert: { roundId, unitCode: p.unitCode, forms: p.forms, submitted: [], complete: false, heads: {} } }, upsert: true } })),
        { ordered: false },
      )
    }
    return toRound(doc.toObject())
  }

  async list(year?: number): Promise<Round[]> {
    const docs = await this.rounds.find(year ? { year } : {}).sort({ year: -1, endMonth: -1 }).limit(200).lean<RoundDoc[]>()
    return docs.map(toRound)
  }

  async get(id: string): Promise<Round> {
    const doc = /^[0-9a-f]{24}$/.test(id) ? await this.rounds.findById(id).lean<RoundDoc>() : null
    if (!doc) throw AppError.notFound('监控轮次不存在')
    return toRound(doc)
  }

  async update(id: string, s: RoundSettings): Promise<Round> {
    await this.get(id)
    const doc = await this.rounds.findByIdAndUpdate(id, this.settings(s), { returnDocument: 'after' }).lean<RoundDoc>()
    this.changed(id)
    if (!doc) throw AppError.notFound('监控轮次不存在')
    return toRound(doc)
  }

  async setStatus(id: string, to: 'open' | 'closed' | 'locked'): Promise<Round> {
    const current = await this.get(id)
    const doc = await this.rounds.findOneAndUpdate({ _id: id, status: { $in: TRANSITIONS[to] } }, { $set: { status: to } }, { returnDocument: 'after' }).lean<RoundDoc>()
    this.changed(id)
    if (!doc) throw AppError.conflict('invalid_state', `轮次当前状态（${current.status}）不能改为 ${to}`)
    return toRound(doc)
  }

  /** A later due date for one unit (23:59:59 local of `until`). */
  async extend(roundId: string, unitCode: string, until: string): Promise<{ unitCode: string; extensionUntil: Date }> {
    await this.get(roundId)
    const at = dueInstant(until, this.zone)
    const r = await this.roundUnits.updateOne({ roundId, unitCode }, { $set: { extensionUntil: at } })
    if (r.matchedCount === 0) throw AppError.notFound('该单位不在本轮填报范围内')
    return { unitCode, extensionUntil: at }
  }

  /** Lets one unit edit again after the lock. */
  async reopenUnit(roundId: string, unitCode: string, reopened: boolean): Promise<{ unitCode: string; reopened: boolean }> {
    await this.get(roundId)
    const r = await this.roundUnits.updateOne({ roundId, unitCode }, { $set: { reopened } })
    if (r.matchedCount === 0) throw AppError.notFound('该单位不在本轮填报范围内')
    return { unitCode, reopened }
  }

  /** Settings as one update; a null lock date removes the lock (an absent field, never null: see editable()). */
  private settings(s: RoundSettings): { $set: Record<string, unknown>; $unset?: Record<string, 1> } {
    const out: Record<string, unknown> = {}
    const unset: Record<string, 1> = {}
    if (s.title !== undefined) out.title = s.title
    if (s.dueDate !== undefined) out.dueAt = dueInstant(s.dueDate, this.zone)
    if (s.lockDate === null) unset.lockAt = 1
    else if (s.lockDate !== undefined) out.lockAt = dueInstant(s.lockDate, this.zone)
    if (s.tolerance !== undefined) out.tolerance = s.tolerance
    if (s.jumpFactor !== undefined) out.jumpFactor = s.jumpFactor
    if (s.departmentReview !== undefined) out.departmentReview = s.departmentReview
    if (s.previousRoundId === null) unset.previousRoundId = 1
    else if (s.previousRoundId !== undefined) out.previousRoundId = s.previousRoundId
    for (const [k, v] of Object.entries(s.reminders ?? {})) out[`reminders.${k}`] = v
    for (const [k, v] of Object.entries(s.escalation ?? {})) out[`escalation.${k}`] = v
    return Object.keys(unset).length ? { $set: out, $unset: unset } : { $set: out }
  }

  /** Every unit files the department table and the disclosure; the project tables where it has projects. */
  private async defaultForms(): Promise<{ unitCode: string; forms: FormCode[] }[]> {
    const [units, projects] = await Promise.all([
      this.units.find({}, { code: 1 }).lean(),
      this.projects.find({}, { unitCode: 1, countyArranged: 1 }).lean(),
    ])
    const hasProjects = new Set(projects.map((p) => p.unitCode))
    const hasCounty = new Set(projects.filter((p) => p.countyArranged).map((p) => p.unitCode))
    return units.map((u) => {
      const forms: FormCode[] = ['department']
      if (hasProjects.has(u.code)) forms.push('project')
      if (hasCounty.has(u.code)) forms.push('county-detail')
      forms.push('disclosure')
      return { unitCode: u.code, forms }
    })
  }
}
