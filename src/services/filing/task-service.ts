import type { Clock } from '../../clock.js'
import {
  FORM_CODES,
  type FormCode,
  type Round,
  type RoundUnit,
  type Submission,
  type SubmissionStatus,
} from '../../domain/types.js'
import { localDay } from '../../domain/due-instant.js'
import { unitDeadline } from '../../domain/deadline.js'
import { formTitle } from '../../forms/titles.js'
import type { UnitRound } from './edit-refusal.js'

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

/** The reads behind a unit's tasks (RoundRepository, SubmissionRepository). */
export interface TaskSources {
  /** the open and closed rounds by due date; may be a few seconds old */
  currentRounds(): Promise<Round[]>
  /** the unit's rows in these rounds */
  unitRows(roundIds: readonly string[], unitCode: string): Promise<RoundUnit[]>
  /** every version of the unit's forms in these rounds, latest version first */
  statusesIn(
    roundIds: readonly string[],
    unitCode: string,
  ): Promise<Pick<Submission, 'roundId' | 'form' | 'version' | 'status' | 'comment'>[]>
}

/**
 * A unit's forms in the rounds it can still edit, with where each stands, in a fixed order (rounds by due
 * date, forms as FORM_CODES lists them). Used by `填报` / `进度` in
 * chat: the current rounds (kept a few seconds), the unit's round units, and — only when a round unit keeps
 * no heads of its forms' latest versions — the submissions.
 */
export class TaskService {
  constructor(
    private readonly rounds: Pick<TaskSources, 'currentRounds' | 'unitRows'>,
    private readonly submissions: Pick<TaskSources, 'statusesIn'>,
    private readonly clock: Clock,
    private readonly zone: string,
  ) {}

  async forUnit(unitCode: string): Promise<Task[]> {
    return (await this.withRows(unitCode)).tasks
  }

  /**
   * forUnit, with the rounds and round units the tasks were read from: the chat's 填报 opens the form on
   * them (DialogService.start) instead of reading the round unit again in the same turn.
   */
  async withRows(unitCode: string): Promise<{ tasks: Task[]; rows: UnitRound[] }> {
    const current = await this.rounds.currentRounds()
    if (current.length === 0) return { tasks: [], rows: [] }
    // the usual single current round: one read by the round unit's unique key
    const rus = await this.rounds.unitRows(
      current.map((r) => r.id),
      unitCode,
    )
    const rounds = current.filter((r) => rus.some((ru) => ru.roundId === r.id))
    if (rounds.length === 0) return { tasks: [], rows: [] }
    const latest = new Map<string, Pick<Submission, 'status' | 'version' | 'comment'>>()
    // each form's latest version as the submission service keeps it on the round unit (`heads`, `{}` = none
    // yet); the submissions themselves only for round units without heads, or for a return's comment
    const fromHeads = rus.every(
      (ru) =>
        ru.heads && typeof ru.heads === 'object' && Object.values(ru.heads).every((h) => h && h.status !== 'returned'),
    )
    if (fromHeads) {
      for (const ru of rus)
        for (const [form, h] of Object.entries(ru.heads ?? {}))
          if (h) latest.set(`${ru.roundId}:${form}`, { status: h.status, version: h.version })
    } else {
      const subs = await this.submissions.statusesIn(
        rounds.map((r) => r.id),
        unitCode,
      )
      for (const s of subs) if (!latest.has(`${s.roundId}:${s.form}`)) latest.set(`${s.roundId}:${s.form}`, s)
    }
    const today = Date.parse(localDay(this.clock.now(), this.zone))
    const rows = rounds.flatMap((round) => rus.filter((ru) => ru.roundId === round.id).map((ru) => ({ round, ru })))
    const tasks: Task[] = rounds.flatMap((round): Task[] => {
      const roundId = round.id
      const ru = rus.find((r) => r.roundId === roundId)
      if (!ru) return []
      const deadline = unitDeadline(round, ru)
      const daysLeft = Math.round((Date.parse(localDay(deadline, this.zone)) - today) / DAY)
      // in the one fixed order of FORM_CODES: chat lists number the tables by it for the whole round
      return [...ru.forms]
        .sort((a, b) => FORM_CODES.indexOf(a) - FORM_CODES.indexOf(b))
        .map((form) => {
          const s = latest.get(`${roundId}:${form}`)
          return {
            roundId,
            roundTitle: round.title,
            form,
            title: formTitle(form),
            status: s?.status ?? 'missing',
            version: s?.version,
            deadline,
            daysLeft,
            comment: s?.comment,
          }
        })
    })
    return { tasks, rows }
  }
}
