import type { Connection } from 'mongoose'
import type { Clock } from '../clock.js'
import { FORM_CODES, type FormCode, type RoundUnit, type SubmissionStatus } from '../domain/types.js'
import { roundModel, type RoundDoc } from '../db/models/round.js'
import { roundUnitModel } from '../db/models/round-unit.js'
import { submissionModel, type SubmissionDoc } from '../db/models/submission.js'
import { unitDeadline } from '../domain/deadline.js'
import { formTitle } from '../forms/titles.js'
import { localDay } from '../domain/due-instant.js'
import { TtlCache } from './ttl-cache.js'

export type TaskStatus = 'missing' | SubmissionStatus

export interface Task {
  roundId: string
  roundTitle: string
  form: FormCode
  title: string
  status: TaskStatus
  version?: number
  /** the unit's deadline: its extension when granted */
  deadline: Date
  /** whole days from today (bureau time zone) to the deadline day; negative when overdue */
  daysLeft: number
  comment?: string
}

const DAY = 86_400_000

/**
 * A unit's forms in the rounds it can still edit, with where each stands, in a fixed order (rounds by due
 * date, forms as FORM_CODES lists them). Used by `填报` / `进度` in
 * chat: the current rounds (kept a few seconds), the unit's round units, and — only when a round unit keeps
 * no heads of its forms' latest versions — the submissions.
 */
export class TaskService {
  private rounds
  private roundUnits
  private submissions
  /** the open and closed rounds: rounds open and close a few times a year, and every 填报 and 进度 asks */
  private current = new TtlCache<RoundDoc[]>(5000, 1)
  constructor(conn: Connection, private readonly clock: Clock, private readonly zone: string) {
    this.rounds = roundModel(conn)
    this.roundUnits = roundUnitModel(conn)
    this.submissions = submissionModel(conn)
  }

  async forUnit(unitCode: string): Promise<Task[]> {
    const current = await this.current.getOrBuild('rounds', () => this.rounds.find({ status: { $in: ['open', 'closed'] } }).sort({ dueAt: 1 }).lean<RoundDoc[]>())
    if (current.length === 0) return []
    // the usual single current round: one read by the round unit's unique key (plain driver reads: no casting needed)
    const projection = { _id: 0, __v: 0 }
    const rus =
      current.length === 1
        ? await this.roundUnits.collection.findOne<RoundUnit>({ roundId: String(current[0]._id), unitCode }, { projection }).then((ru) => (ru ? [ru] : []))
        : await this.roundUnits.collection.find<RoundUnit>({ roundId: { $in: current.map((r) => String(r._id)) }, unitCode }, { projection }).toArray()
    const rounds = current.filter((r) => rus.some((ru) => ru.roundId === String(r._id)))
    if (rounds.length === 0) return []
    const latest = new Map<string, Pick<SubmissionDoc, 'status' | 'version' | 'comment'>>()
    // each form's latest version as the submission service keeps it on the round unit (`heads`, `{}` = none
    // yet); the submissions themselves only for round units without heads, or for a return's comment
    const fromHeads = rus.every((ru) => ru.heads && typeof ru.heads === 'object' && Object.values(ru.heads).every((h) => h && h.status !== 'returned'))
    if (fromHeads) {
      for (const ru of rus) for (const [form, h] of Object.entries(ru.heads ?? {})) if (h) latest.set(`${ru.roundId}:${form}`, { status: h.status, version: h.version })
    } else {
      const subs = await this.submissions.collection
        .find<SubmissionDoc>({ unitCode, roundId: { $in: rounds.map((r) => String(r._id)) } }, { projection: { roundId: 1, form: 1, version: 1, status: 1, comment: 1 }, sort: { version: -1 } })
        .toArray()
      for (const s of subs) if (!latest.has(`${s.roundId}:${s.form}`)) latest.set(`${s.roundId}:${s.form}`, s)
    }
    const today = Date.parse(localDay(this.clock.now(), this.zone))
    return rounds.flatMap((round) => {
      const roundId = String(round._id)
      const ru = rus.find((r) => r.roundId === roundId)
      if (!ru) return []
      const deadline = unitDeadline(round, ru)
      const daysLeft = Math.round((Date.parse(localDay(deadline, this.zone)) - today) / DAY)
      // in the one fixed order of FORM_CODES: chat lists number the tables by it for the whole round
      return [...ru.forms].sort((a, b) => FORM_CODES.indexOf(a) - FORM_CODES.indexOf(b)).map((form) => {
        const s = latest.get(`${roundId}:${form}`)
        return { roundId, roundTitle: round.title, form, title: formTitle(form), status: s?.status ?? 'missing', version: s?.version, deadline, daysLeft, comment: s?.comment }
      })
    })
  }
}
