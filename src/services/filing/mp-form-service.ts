import type { Clock } from '../../clock.js'
import { unitDeadline } from '../../domain/deadline.js'
import { unitLocked } from '../../domain/lock.js'
import type { Round, RoundUnit, Submission } from '../../domain/types.js'
import type { RoundReader } from './filing-ports.js'
import { AppError } from '../../errors.js'
import {
  crossWarnings,
  expandForm,
  getTemplate,
  validateDraft,
  type CrossWarning,
  type FormContext,
  type FormTemplate,
} from '../../forms/index.js'
import { TtlCache } from '../../cache/ttl-cache.js'
import type { FormContextService } from './form-context-service.js'
import { describeFormJson } from './form-description.js'
import {
  SubmissionService,
  editedMeanwhile,
  savedVia,
  stampOf,
  type Author,
  type SubmissionTarget,
  type WriteOptions,
} from './submission-service.js'

export interface EditInput {
  answers: Record<string, unknown>
  /** the `base` stamp from when the form was loaded; a newer version by someone else is a conflict */
  base?: string | null
  /** explicit confirmation to write over another author's newer draft or version */
  overwrite?: boolean
}

const DAY = 86_400_000

/** A difference the submit reports without refusing it (see crossWarnings). */
export type SubmitWarning = Omit<CrossWarning, 'key' | 'column'>

/** What a form needs besides the answers; cached a few seconds per (round, unit, form). */
interface Prepared {
  template: FormTemplate
  ctx: FormContext
}

/** The reads behind a unit's task list (RoundRepository, SubmissionRepository). */
export interface TaskReads {
  /** the latest `limit` rounds by due date that are (or were) open for filing */
  recentFiling(limit: number): Promise<Round[]>
  /** the unit's rows in these rounds */
  unitIn(roundIds: readonly string[], unitCode: string): Promise<RoundUnit[]>
}
export interface VersionReads {
  /** version and status of every version of the unit's forms in these rounds, latest version first */
  versionsIn(
    roundIds: readonly string[],
    unitCode: string,
  ): Promise<Pick<Submission, 'roundId' | 'form' | 'version' | 'status'>[]>
}

/**
 * The mini-program's view of a unit's work: open tasks, form descriptions, drafts and submissions, all
 * confined to the caller's own unit. Validation comes from the same templates the chat uses.
 */
export class MpFormService {
  /**
   * Staleness bound 5 s (a context computed from stored data, see FormContextService): building a
   * form's description, its drafts and its submit need the same context: read it once per few seconds.
   */
  private prepared = new TtlCache<Prepared>(5000)
  constructor(
    private readonly rounds: TaskReads,
    private readonly rows: VersionReads,
    private readonly roundReader: RoundReader,
    private readonly submissions: SubmissionService,
    private readonly contexts: FormContextService,
    private readonly clock: Clock,
  ) {}

  async tasks(unitCode: string): Promise<unknown[]> {
    const rounds = await this.rounds.recentFiling(20)
    const rus = await this.rounds.unitIn(
      rounds.map((r) => r.id),
      unitCode,
    )
    const now = this.clock.now()
    // each form's current version from its head; rounds whose units predate full heads: one query of the submissions
    const latest = new Map<string, Pick<Submission, 'version' | 'status'>>()
    for (const ru of rus)
      if (ru.fullHeads)
        for (const [form, h] of Object.entries(ru.heads ?? {})) if (h) latest.set(`${ru.roundId}|${form}`, h)
    const older = rus.filter((r) => !r.fullHeads).map((r) => r.roundId)
    const rows = older.length ? await this.rows.versionsIn(older, unitCode) : []
    for (const r of rows) if (!latest.has(`${r.roundId}|${r.form}`)) latest.set(`${r.roundId}|${r.form}`, r)
    const out: unknown[] = []
    for (const ru of rus) {
      const round = rounds.find((r) => r.id === ru.roundId)
      if (!round) continue
      const deadline = unitDeadline(round, ru)
      const forms = ru.forms.map((form) => {
        const l = latest.get(`${round.id}|${form}`)
        return { form, title: getTemplate(form).title, status: l?.status ?? 'not_started', version: l?.version ?? 0 }
      })
      out.push({
        roundId: round.id,
        title: round.title,
        status: round.status,
        deadline: deadline.toISOString(),
        daysLeft: Math.ceil((deadline.getTime() - now.getTime()) / DAY),
        locked: unitLocked(round, ru, now),
        complete: ru.complete,
        // 已录入: whether the round asks for it before the unit counts as done, and whether it is done
        requirePlatformEntry: round.requirePlatformEntry ?? false,
        entered: Boolean(ru.platformEntry),
        ...(ru.platformEntry
          ? { platformEntry: { at: ru.platformEntry.at.toISOString(), source: ru.platformEntry.source } }
          : {}),
        forms,
      })
    }
    return out
  }

  async describe(t: SubmissionTarget): Promise<Record<string, unknown>> {
    const [{ template, ctx }, ru, latest] = await Promise.all([
      this.prepare(t),
      this.roundReader.getRoundUnit(t.roundId, t.unitCode),
      this.submissions.latest(t),
    ])
    if (!ru || !ru.forms.includes(t.form)) throw AppError.notFound('本单位本轮无需填报该表')
    return {
      ...describeFormJson(template, ctx),
      latest: latest
        ? {
            version: latest.version,
            status: latest.status,
            answers: latest.answers,
            computed: latest.computed,
            comment: latest.comment ?? null,
          }
        : null,
      previous: ctx.previous ?? null,
      base: stampOf(latest),
    }
  }

  async saveDraft(
    t: SubmissionTarget,
    input: EditInput,
    who: Author,
  ): Promise<{ submission: Submission; errors: { path: string; message: string }[] }> {
    const { template, ctx } = await this.prepare(t)
    const { errors, unknown, answers } = validateDraft(template, ctx, input.answers)
    // a key the form does not have is a client bug, not a half-typed answer: nothing is saved
    if (unknown.length)
      throw AppError.invalid(`表单没有这些字段：${unknown.slice(0, 20).join('、')}`, {
        fields: errors.filter((e) => unknown.includes(e.path)),
      })
    const submission = await this.submissions.saveDraft(t, answers, who, { check: conflictCheck(input, who) })
    return { submission, errors }
  }

  /**
   * Stores a complete version; `warnings` are the cross-table differences the bureau would find by hand
   * (the department table's 项目支出 against the unit's submitted project table, read fresh here, not
   * from the cached context). They never block: the clerk confirms or corrects in the form.
   */
  async submit(
    t: SubmissionTarget,
    input: EditInput,
    who: Author,
  ): Promise<{ submission: Submission; warnings: SubmitWarning[] }> {
    const p = await this.prepare(t)
    const submission = await this.submissions.submit(t, input.answers, who, { check: conflictCheck(input, who) })
    const sums = t.form === 'department' ? await this.contexts.projectSums(t.roundId, t.unitCode) : null
    if (!sums) return { submission, warnings: [] }
    const ctx = { ...p.ctx, crossCheck: sums }
    const warnings = crossWarnings(expandForm(p.template, ctx), submission.answers, ctx).map(
      ({ key: _key, column: _column, ...w }) => w,
    )
    return { submission, warnings }
  }

  private prepare(t: SubmissionTarget): Promise<Prepared> {
    return this.prepared.getOrBuild(`${t.roundId}|${t.unitCode}|${t.form}`, () => this.load(t))
  }

  history(t: SubmissionTarget): Promise<Submission[]> {
    return this.submissions.history(t)
  }

  /** Reading is allowed after the lock too; the submission service refuses the writes (and checks the round unit). */
  private async load(t: SubmissionTarget) {
    const round = await this.roundReader.getRound(t.roundId)
    if (!round || round.status === 'draft') throw AppError.notFound('填报任务不存在')
    const template = getTemplate(t.form)
    const ctx = await this.contexts.build(round, t.unitCode, t.form)
    return { round, template, ctx }
  }
}

/** A chat dialog and the mini-program must not silently overwrite each other's work. */
function conflictCheck(input: EditInput, who: Author): WriteOptions['check'] {
  if (input.overwrite) return undefined
  return (latest) => {
    const other = editedMeanwhile(latest, input.base, who.by)
    if (!other) return
    throw AppError.conflict(
      'edit_conflict',
      `该表已有${savedVia(other)}保存的第 ${other.version} 版（${other.status === 'draft' ? '草稿' : '已提交'}），请刷新查看；确认以本次内容为准请带 overwrite: true 重新提交`,
      {
        version: other.version,
        status: other.status,
        channel: other.channel,
        base: stampOf(other),
      },
    )
  }
}
