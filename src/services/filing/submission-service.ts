import type { Clock } from '../../clock.js'
import { unitDeadline } from '../../domain/deadline.js'
import { unitLocked } from '../../domain/lock.js'
import type { Channel, FormCode, Round, RoundUnit, Submission, SubmissionHead } from '../../domain/types.js'
import { AppError } from '../../errors.js'
import {
  VersionTaken,
  type NewSubmission,
  type RoundReader,
  type RoundUnitWriter,
  type SubmissionStore,
} from './filing-ports.js'

/** The outcome of checking a submission's answers against its form: what to store, or the field errors. */
export type Validation =
  | { ok: true; answers: Record<string, unknown>; computed: Record<string, unknown> }
  | { ok: false; errors: { path: string; message: string }[] }

export interface SubmissionTarget {
  roundId: string
  unitCode: string
  form: FormCode
}

/**
 * The port through which the service checks what it stores against the form's definition (the template
 * in the unit's context; TemplateCheck in template-check.ts). Callers hand answers only, never a verdict.
 */
export interface AnswersCheck {
  check(round: Round, t: SubmissionTarget, answers: Record<string, unknown>): Promise<Validation>
}

export interface Author {
  by: string
  channel: Channel
}

export interface WriteOptions {
  /** called with the form's latest version before writing; throws to refuse (e.g. an edit conflict) */
  check?(latest: SubmissionHead | null): void
}

/** The head a write leaves on the round unit (see RoundUnit.heads). */
export function headOf(s: Submission): SubmissionHead {
  const updatedAt = (s as Submission & { updatedAt?: Date }).updatedAt ?? s.createdAt
  const head: SubmissionHead = {
    id: s.id,
    version: s.version,
    status: s.status,
    by: s.by,
    channel: s.channel,
    updatedAt,
  }
  if (s.firstSubmittedAt) head.firstSubmittedAt = s.firstSubmittedAt
  return head
}

/** "3:2027-07-01T02:00:00.000Z" — version and last write of the latest row, an optimistic-lock stamp. */
export function stampOf(s: Submission | SubmissionHead | null): string | null {
  if (!s) return null
  const at = 'answers' in s ? headOf(s).updatedAt : s.updatedAt
  return `${s.version}:${new Date(at).toISOString()}`
}

/**
 * The version someone else saved since the writer loaded the form (`base`, the stamp it loaded), or
 * null when the write may go ahead. The mini-program and the chat dialog both ask this before writing.
 */
export function editedMeanwhile(
  latest: SubmissionHead | null,
  base: string | null | undefined,
  by: string,
): SubmissionHead | null {
  if (!latest || latest.by === by || stampOf(latest) === base) return null
  return latest
}

/** Who saved it, as the user sees it: "微信对话", "财政局", "另一位同事在小程序". */
export function savedVia(s: Pick<SubmissionHead, 'channel'>): string {
  return s.channel === 'wechat' ? '微信对话' : s.channel === 'admin' ? '财政局' : '另一位同事在小程序'
}

function passes(check: NonNullable<WriteOptions['check']>, latest: SubmissionHead | null): boolean {
  try {
    check(latest)
    return true
  } catch {
    return false
  }
}

/**
 * Drafts, final submissions as versions, lateness, review. The one service the chat dialog, the
 * mini-program and the admin API all call. Every write is a single-document atomic operation guarded by
 * the (round, unit, form, version) unique index, so concurrent writers never overwrite each other.
 */
export class SubmissionService {
  constructor(
    private readonly rounds: RoundReader & RoundUnitWriter,
    private readonly store: SubmissionStore,
    private readonly clock: Clock,
    private readonly answersCheck: AnswersCheck,
  ) {}

  async saveDraft(
    t: SubmissionTarget,
    answers: Record<string, unknown>,
    who: Author,
    opts: WriteOptions = {},
  ): Promise<Submission> {
    const { ru } = await this.editable(t)
    const saved = await this.withLatest(t, ru, opts.check, async (latest) => {
      if (latest?.status === 'draft') return this.store.updateDraft(latest.id, { answers, ...who })
      return this.insertVersion({
        ...t,
        version: (latest?.version ?? 0) + 1,
        status: 'draft',
        answers,
        computed: {},
        ...who,
        firstSubmittedAt: latest?.firstSubmittedAt,
      })
    })
    await this.rounds.recordHead(t.roundId, t.unitCode, t.form, headOf(saved))
    return saved
  }

  /**
   * Stores a final version of the answers after checking them against the form itself; refused with
   * 422 and the field errors when they do not pass (after the lock and edit-conflict checks, as before).
   */
  async submit(
    t: SubmissionTarget,
    answers: Record<string, unknown>,
    who: Author,
    opts: WriteOptions = {},
  ): Promise<Submission> {
    const { round, ru } = await this.editable(t)
    const validation = await this.answersCheck.check(round, t, answers)
    const now = this.clock.now()
    const saved = await this.withLatest(t, ru, opts.check, async (latest) => {
      if (!validation.ok) throw AppError.invalid('填报内容有误，请按提示修改', { fields: validation.errors })
      // a returned submission keeps the time of its first final submission for timeliness
      const firstSubmittedAt = latest?.firstSubmittedAt ?? now
      const final = {
        status: 'submitted' as const,
        answers: validation.answers,
        computed: validation.computed,
        ...who,
        submittedAt: now,
        firstSubmittedAt,
        onTime: firstSubmittedAt <= unitDeadline(round, ru),
      }
      if (latest?.status === 'draft') return this.store.transition(latest.id, ['draft'], final)
      return this.insertVersion({ ...t, version: (latest?.version ?? 0) + 1, ...final })
    })
    await this.rounds.recordHead(t.roundId, t.unitCode, t.form, headOf(saved), now)
    return saved
  }

  async returnSubmission(id: string, comment: string, reviewer: string): Promise<Submission> {
    const s = await this.store.transition(id, ['submitted', 'accepted'], {
      status: 'returned',
      comment,
      reviewedBy: reviewer,
      reviewedAt: this.clock.now(),
    })
    if (!s) throw await this.notReviewable(id)
    await this.rounds.recordHead(s.roundId, s.unitCode, s.form, headOf(s))
    return s
  }

  async accept(id: string, reviewer: string): Promise<Submission> {
    const s = await this.store.transition(id, ['submitted'], {
      status: 'accepted',
      reviewedBy: reviewer,
      reviewedAt: this.clock.now(),
    })
    if (!s) throw await this.notReviewable(id)
    await this.rounds.recordHead(s.roundId, s.unitCode, s.form, headOf(s))
    return s
  }

  /** The form's latest version as a head: from its round unit when kept there, else from the submissions. */
  async head(t: SubmissionTarget): Promise<SubmissionHead | null> {
    const ru = await this.rounds.getRoundUnit(t.roundId, t.unitCode)
    const kept = ru?.heads ? (ru.heads[t.form] ?? null) : undefined
    if (kept !== undefined) return kept
    const s = await this.store.latest(t.roundId, t.unitCode, t.form)
    return s ? headOf(s) : null
  }

  latest(t: SubmissionTarget): Promise<Submission | null> {
    return this.store.latest(t.roundId, t.unitCode, t.form)
  }

  history(t: SubmissionTarget): Promise<Submission[]> {
    return this.store.history(t.roundId, t.unitCode, t.form)
  }

  /** Refuses edits to a round that is not open, a form the unit does not file, or after the lock. */
  async editable(t: SubmissionTarget): Promise<{ round: Round; ru: RoundUnit }> {
    const round = await this.rounds.getRound(t.roundId)
    if (!round) throw AppError.notFound('填报任务不存在')
    const ru = await this.rounds.getRoundUnit(t.roundId, t.unitCode)
    if (!ru || !ru.forms.includes(t.form)) throw AppError.notFound('本单位本轮无需填报该表')
    if (round.status === 'draft') throw AppError.conflict('round_not_open', '本轮填报尚未开始')
    if (unitLocked(round, ru, this.clock.now()))
      throw AppError.conflict('round_locked', '本轮填报已锁定，不能再修改；如需修改请联系财政局重新开放')
    return { round, ru }
  }

  /**
   * Runs `write` against the form's latest version: first the head kept on the round unit (no sorted
   * read); when that proves stale — the write finds its version taken or its draft gone, or the check
   * objects — the submissions themselves, a few times under contention.
   */
  private async withLatest(
    t: SubmissionTarget,
    ru: RoundUnit,
    check: WriteOptions['check'],
    write: (latest: SubmissionHead | null) => Promise<Submission | null>,
  ): Promise<Submission> {
    const hint = ru.heads ? (ru.heads[t.form] ?? null) : undefined
    for (let attempt = 0; attempt < 4; attempt++) {
      const fromHint = attempt === 0 && hint !== undefined
      const latest = fromHint
        ? hint
        : await this.store.latest(t.roundId, t.unitCode, t.form).then((s) => (s ? headOf(s) : null))
      if (fromHint && check && !passes(check, latest)) continue
      check?.(latest)
      const saved = await write(latest)
      if (saved) return saved
    }
    throw AppError.conflict('concurrent_edit', '该表正在被他人同时修改，请稍后重试')
  }

  /** A new version, or null when another writer took that version number first. */
  private async insertVersion(s: NewSubmission): Promise<Submission | null> {
    try {
      return await this.store.insert(s)
    } catch (err) {
      if (err instanceof VersionTaken) return null
      throw err
    }
  }

  private async notReviewable(id: string): Promise<AppError> {
    const s = await this.store.findById(id)
    if (!s) return AppError.notFound('提交记录不存在')
    return AppError.conflict('invalid_state', `当前状态（${s.status}）不能执行该操作`)
  }
}
