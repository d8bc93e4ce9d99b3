/**
 * Invariants of the one-write path (issue 19), each tested in test/foundation/submission-one-write.test.ts:
 * 1. Progress is never wrong: the head write is the only write progress reads — it moves the head,
 *    adds the form to `submitted` and sets `complete` when due, in one single-document update (see 5;
 *    a write that reads the progress back sets `complete` next, and the repair sweep sets it if a crash
 *    came between).
 * 2. No version is lost: every head a write leaves is appended to the `submissions` history (the row's
 *    `_id` is the head's id, an upsert guarded by `seq`); when the append is lost (crash, error) the
 *    repair sweep (HistoryRepair) writes the row from the head, equal to it.
 * 3. Concurrent writes never overwrite each other unseen: a head write is conditional on the head's `seq`
 *    the writer computed from; the loser re-reads and writes the next version (or gets the documented
 *    409 edit_conflict / concurrent_edit), so N submits leave versions 1..N, no gap, no duplicate.
 * 4. A lock racing a submit: the lock marks the round's units (`locked`) before it returns and the head
 *    write requires the mark unset, so a submit is refused with round_locked or stored and counted;
 *    one whose write starts after the lock returned is refused, in every process.
 * 5. `complete` is set by the write that completes the unit, in the same update: a final write says
 *    what this process knows of the unit (complete already, another form still missing, or every other
 *    form submitted: this write completes it) and its filter asks exactly that, so a unit changed
 *    meanwhile by another process (a form submitted or added, completed) makes the write fail, re-read
 *    and retry with what is stored. So no write needs anything back: each shares one command with other
 *    units' writes (GroupedUpdates: one write per unit per command).
 * The response waits for the history append (group-committed), so every reader of `submissions`
 * (history, exports, review lists) reads its writes; the current state is read from the head.
 */
import type { Clock } from '../../clock.js'
import { unitDeadline } from '../../domain/deadline.js'
import { roundLocked } from '../../domain/lock.js'
import type {
  Channel,
  FormCode,
  FullHead,
  HeadWrite,
  Round,
  RoundUnit,
  Submission,
  SubmissionHead,
} from '../../domain/types.js'
import { AppError } from '../../errors.js'
import type { HistoryAppends, RoundReader, SubmissionStore, UnitHeads, UnitState } from './filing-ports.js'
import { KnownUnits, fullHeadOf, type KnownUnit, type SlimHead } from './known-units.js'
import { editRefusal } from './edit-refusal.js'

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

/** Attempts of a write under contention: each lost race means another writer's version landed. */
const ATTEMPTS = 12

/** The head a write computes from the form's current head and the unit. */
type MakeHead = (latest: SlimHead | null, unit: KnownUnit) => { head: Omit<FullHead, 'seq'>; final: boolean }

/** The head a version is (see RoundUnit.heads): the row without its unit's keys. */
export function headOf(s: Submission): FullHead {
  return fullHeadOf(s)
}

/** "3:2027-07-01T02:00:00.000Z" — version and last write of the latest version, an optimistic-lock stamp. */
export function stampOf(s: Submission | SubmissionHead | null): string | null {
  if (!s) return null
  const at = s.updatedAt ?? (s as Submission).createdAt
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
 * mini-program and the admin API all call. A write is one conditional update of the round unit's head
 * (see the invariants above), usually without a read first: KnownUnits remembers what this process
 * last saw, the write's filter checks it, and only a failed precondition costs a read (the slow path,
 * which also says why: 404, round_locked, edit_conflict, or a version race retried).
 */
export class SubmissionService {
  private known = new KnownUnits()
  constructor(
    private readonly rounds: RoundReader & UnitHeads,
    private readonly store: SubmissionStore & HistoryAppends,
    private readonly clock: Clock,
    private readonly answersCheck: AnswersCheck,
  ) {}

  async saveDraft(
    t: SubmissionTarget,
    answers: Record<string, unknown>,
    who: Author,
    opts: WriteOptions = {},
  ): Promise<Submission> {
    const round = await this.round(t)
    const unit = await this.unitFor(round, t)
    return this.write(round, t, unit, opts.check, (latest) => {
      const at = new Date()
      const keep = latest?.status === 'draft' ? latest : null
      return {
        final: false,
        head: {
          id: keep ? keep.id : this.store.newId(),
          version: keep ? keep.version : (latest?.version ?? 0) + 1,
          status: 'draft',
          answers,
          computed: {},
          ...who,
          firstSubmittedAt: latest?.firstSubmittedAt,
          createdAt: keep ? keep.createdAt : at,
          updatedAt: at,
        },
      }
    })
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
    const round = await this.round(t)
    const unit = await this.unitFor(round, t)
    const validation = await this.answersCheck.check(round, t, answers)
    const now = this.clock.now()
    return this.write(round, t, unit, opts.check, (latest, u) => {
      if (!validation.ok) throw AppError.invalid('填报内容有误，请按提示修改', { fields: validation.errors })
      const at = new Date()
      const keep = latest?.status === 'draft' ? latest : null
      // a returned submission keeps the time of its first final submission for timeliness
      const firstSubmittedAt = latest?.firstSubmittedAt ?? now
      return {
        final: true,
        head: {
          id: keep ? keep.id : this.store.newId(),
          version: keep ? keep.version : (latest?.version ?? 0) + 1,
          status: 'submitted',
          answers: validation.answers,
          computed: validation.computed,
          ...who,
          submittedAt: now,
          firstSubmittedAt,
          onTime: firstSubmittedAt <= unitDeadline(round, u),
          createdAt: keep ? keep.createdAt : at,
          updatedAt: at,
        },
      }
    })
  }

  returnSubmission(id: string, comment: string, reviewer: string): Promise<Submission> {
    const at = this.clock.now()
    return this.review(id, ['submitted', 'accepted'], {
      status: 'returned',
      comment,
      reviewedBy: reviewer,
      reviewedAt: at,
    })
  }

  accept(id: string, reviewer: string): Promise<Submission> {
    return this.review(id, ['submitted'], { status: 'accepted', reviewedBy: reviewer, reviewedAt: this.clock.now() })
  }

  /** The form's latest version as a head: from its round unit when kept there, else from the submissions. */
  async head(t: SubmissionTarget): Promise<SubmissionHead | null> {
    const ru = await this.rounds.getRoundUnit(t.roundId, t.unitCode)
    const kept = ru?.heads ? (ru.heads[t.form] ?? null) : undefined
    if (kept !== undefined) return kept
    const s = await this.store.latest(t.roundId, t.unitCode, t.form)
    return s ? headOf(s) : null
  }

  /** The form's current version: its head (one read by the unit's key), or the submissions' latest before heads were full. */
  async latest(t: SubmissionTarget): Promise<Submission | null> {
    const kept = await this.rounds.formHead(t.roundId, t.unitCode, t.form)
    if (kept?.fullHeads) return kept.head ? submissionOf(t, kept.head) : null
    return this.store.latest(t.roundId, t.unitCode, t.form)
  }

  history(t: SubmissionTarget): Promise<Submission[]> {
    return this.store.history(t.roundId, t.unitCode, t.form)
  }

  /**
   * Remembers a round unit the caller has just read (the chat's task list at 填报, heads without their
   * answers), so the form's next write needs no read of its own: the write's filter checks everything it
   * assumes, and a stale entry costs one read and a retry (KnownUnits). A unit without full heads is left
   * to the slow path, which builds them.
   */
  knowRead(ru: RoundUnit): void {
    if (ru.fullHeads) this.known.read(ru.roundId, ru.unitCode, { ...ru, heads: (ru.heads ?? {}) as UnitState['heads'] })
  }

  /** Refuses edits to a round that is not open, a form the unit does not file, or after the lock. */
  async editable(t: SubmissionTarget): Promise<{ round: Round; ru: RoundUnit }> {
    const round = await this.round(t)
    const ru = await this.rounds.getRoundUnit(t.roundId, t.unitCode)
    if (!ru) throw AppError.notFound('本单位本轮无需填报该表')
    this.refuseClosed(round, ru, t.form)
    return { round, ru }
  }

  private async round(t: SubmissionTarget): Promise<Round> {
    const round = await this.rounds.getRound(t.roundId)
    if (!round) throw AppError.notFound('填报任务不存在')
    return round
  }

  private refuseClosed(round: Round, ru: Pick<RoundUnit, 'forms' | 'reopened' | 'locked'>, form: FormCode): void {
    const refused = editRefusal({ round, ru }, form, this.clock.now())
    if (refused) throw refused
  }

  /**
   * The unit as this process knows it, when the cached round says it may be written (the write's filter
   * checks the rest); else read now, with the checks that say why not (the order of editable()).
   */
  private async unitFor(round: Round, t: SubmissionTarget): Promise<KnownUnit> {
    const known = this.known.get(t.roundId, t.unitCode)
    const open = round.status !== 'draft' && !roundLocked(round, this.clock.now())
    if (known && open && known.forms.includes(t.form)) return known
    return this.load(round, t)
  }

  /** The slow path: reads the round unit (building full heads first for a unit from before them). */
  private async load(round: Round, t: SubmissionTarget): Promise<KnownUnit> {
    let ru = await this.rounds.unitState(t.roundId, t.unitCode)
    if (!ru || !ru.forms.includes(t.form)) throw AppError.notFound('本单位本轮无需填报该表')
    if (!ru.fullHeads) ru = await this.migrate(t, ru)
    this.refuseClosed(round, ru, t.form)
    return this.known.read(t.roundId, t.unitCode, ru)
  }

  /** Full heads from the submissions' latest version of each form: once per unit, idempotent. */
  private async migrate(t: SubmissionTarget, ru: UnitState): Promise<UnitState> {
    const heads: UnitState['heads'] = {}
    for (const form of ru.forms) {
      const s = await this.store.latest(t.roundId, t.unitCode, form)
      if (s) heads[form] = fullHeadOf(s)
    }
    await this.rounds.migrateHeads(t.roundId, t.unitCode, heads)
    const after = await this.rounds.unitState(t.roundId, t.unitCode)
    if (!after) throw AppError.notFound('本单位本轮无需填报该表')
    return after
  }

  /** The conditional head write, retried on a lost race; then `complete` when due, then the history row. */
  private async write(
    round: Round,
    t: SubmissionTarget,
    first: KnownUnit,
    check: WriteOptions['check'],
    make: MakeHead,
  ): Promise<Submission> {
    let unit = first
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const latest = unit.heads[t.form] ?? null
      // an objection to what this process remembered is asked again of the stored head
      if (check && !unit.fresh && !passes(check, latest)) {
        unit = await this.load(round, t)
        continue
      }
      check?.(latest)
      const made = make(latest, unit)
      const head: FullHead = { ...made.head, seq: (latest?.seq ?? 0) + 1 }
      const written = await this.rounds.writeHead({
        ...t,
        docId: unit.docId,
        expectedSeq: latest?.seq ?? null,
        extensionUntil: unit.extensionUntil ?? null,
        reopened: roundLocked(round, this.clock.now()),
        head,
        final: made.final,
        completion: made.final ? completion(unit, t.form) : undefined,
      })
      if (written) {
        this.known.wrote(t.roundId, t.unitCode, t.form, head, made.final, written.completes)
        await this.appendHistory(t, head)
        return submissionOf(t, head)
      }
      unit = await this.load(round, t)
    }
    throw AppError.conflict('concurrent_edit', '该表正在被他人同时修改，请稍后重试')
  }

  /**
   * The history row after the head. A failure here does not undo the stored version (the head is the
   * authority and progress counts it): the caller gets its submission, the repair sweep writes the row.
   */
  private async appendHistory(t: SubmissionTarget, head: FullHead): Promise<void> {
    try {
      await this.store.append(t.roundId, t.unitCode, t.form, head)
    } catch {
      // repaired by HistoryRepair from the head (jobs/repair-submission-history.ts)
    }
  }

  /**
   * A review in one write when `id` is the form's head; a version that is no longer the head (or a unit
   * the new path has not written yet) changes its row only, as before.
   */
  private async review(
    id: string,
    from: Submission['status'][],
    patch: Pick<FullHead, 'status' | 'reviewedBy' | 'reviewedAt'> & { comment?: string },
  ): Promise<Submission> {
    const row = await this.store.findById(id)
    if (!row) throw AppError.notFound('提交记录不存在')
    const t = { roundId: row.roundId, unitCode: row.unitCode, form: row.form }
    const at = new Date()
    let head = await this.rounds.reviewHead(t.roundId, t.unitCode, t.form, id, from, { ...patch, updatedAt: at })
    if (!head) {
      const ru = await this.rounds.unitState(t.roundId, t.unitCode)
      if (ru && !ru.fullHeads) {
        await this.migrate(t, ru)
        head = await this.rounds.reviewHead(t.roundId, t.unitCode, t.form, id, from, { ...patch, updatedAt: at })
      }
    }
    if (head) {
      this.known.wrote(t.roundId, t.unitCode, t.form, head)
      await this.appendHistory(t, head)
      return submissionOf(t, head)
    }
    const s = await this.store.transition(id, from, patch)
    if (!s) throw await this.notReviewable(id)
    return s
  }

  private async notReviewable(id: string): Promise<AppError> {
    const s = await this.store.findById(id)
    if (!s) return AppError.notFound('提交记录不存在')
    return AppError.conflict('invalid_state', `当前状态（${s.status}）不能执行该操作`)
  }
}

/**
 * What `unit` says of a final write of `form` and the unit's completion (the write's filter asks it
 * again): complete already, another form still missing, or this write completes it.
 */
function completion(unit: KnownUnit, form: FormCode): NonNullable<HeadWrite['completion']> {
  if (unit.complete) return 'already'
  const missing = unit.forms.find((f) => f !== form && !unit.submitted.includes(f))
  return missing ? { missing } : { completes: unit.forms }
}

/** A head as the version it is. */
function submissionOf(t: SubmissionTarget, head: FullHead): Submission {
  return { ...head, roundId: t.roundId, unitCode: t.unitCode, form: t.form }
}
