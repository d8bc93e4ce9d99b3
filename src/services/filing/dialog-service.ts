import type { Clock } from '../../clock.js'
import type { FormCode, Round, SubmissionHead } from '../../domain/types.js'
import { dialogLockKey, endedLockKey, type Dialog, type DialogStatus, type LastTurn } from '../../domain/dialog.js'
import {
  chatErrorText,
  HOST_NOTES,
  isForUser,
  step,
  type DialogInput,
  type DialogState,
  type StepResult,
} from '../../engine/index.js'
import { getTemplate, type FormContext, type FormTemplate } from '../../forms/index.js'
import { AppError } from '../../errors.js'
import type { RoundReader } from './filing-ports.js'
import { editedMeanwhile, savedVia, stampOf, type SubmissionService } from './submission-service.js'
import type { FormContextService } from './form-context-service.js'
import type { ChatPerson, ChatPlace } from './chat-replier.js'
import type { DialogStore } from './dialog-store.js'
import { editRefusal, type UnitRound } from './edit-refusal.js'

export type StartOutcome = { replies: string[] } | { conflict: { dialogId: string; ownerName: string } }

/**
 * Guided chat forms: runs the pure engine and persists its state before any reply is sent, so a
 * restart resumes every open dialog at the same question. Concurrent turns on one dialog are
 * serialised by an optimistic revision check; the (round, unit, form) lock key keeps one dialog per form.
 * The store keeps each person's open dialog in memory between turns (its staleness bound beside it);
 * a round's period and tolerance come from the round reader's cache (the lock is checked by the
 * submission service).
 */
export class DialogService {
  constructor(
    private readonly dialogs: DialogStore,
    private readonly clock: Clock,
    private readonly rounds: RoundReader,
    private readonly submissions: SubmissionService,
    private readonly contexts: FormContextService,
  ) {}

  /** The person's latest dialog in this room with one of `statuses` (default: the active one, from memory when known). */
  findOpen(person: ChatPerson, roomId: string, statuses: DialogStatus[] = ['active']): Promise<Dialog | null> {
    return this.dialogs.findOpen(person.id, roomId, statuses)
  }

  /** A re-login gave the room a new id: its dialogs move along (and nothing kept in memory names the old one). */
  moveRoom(from: string, to: string): Promise<void> {
    return this.dialogs.moveRoom(from, to)
  }

  /** A re-login gave the person a new id: their dialogs move along. */
  moveOwner(from: string, to: string): Promise<void> {
    return this.dialogs.moveOwner(from, to)
  }

  /** Who holds each active or parked dialog, and where (to re-match owners after a re-login). */
  openOwners(): Promise<{ id: string; ownerId: string; ownerName: string; roomId: string }[]> {
    return this.dialogs.openOwners()
  }

  /** The dialog's owner found under a new id after a re-login. */
  setOwner(dialogId: string, ownerId: string): Promise<void> {
    return this.dialogs.setOwner(dialogId, ownerId)
  }

  /**
   * Opens the form's dialog for this person, or resumes theirs, or reports the colleague who holds it.
   * `known.latest: 'none'` says the caller has just seen that the form has no submission yet (no read
   * for a draft or a returned version to load). `known.head` is said before the engine's first
   * question instead of the host's note on a loaded draft (a file just filed says what it read).
   * `known.read`: the round and round unit the caller read in this turn (the 填报 list): the form is
   * opened on them, with the submission service's checks (editRefusal), instead of reading them again.
   * Their staleness: the round unit is this turn's read; the round is the current rounds' copy (kept
   * 5 s, dropped at once on this process's changes; a scheduled lock is checked against the clock).
   * Opening a dialog writes no figure: a lock that lands after the read still refuses the submit, whose
   * head write checks the round unit's lock mark.
   */
  async start(
    place: ChatPlace,
    person: ChatPerson,
    unitCode: string,
    roundId: string,
    form: FormCode,
    known: { latest?: 'none'; messageId?: string; head?: string[]; read?: UnitRound } = {},
  ): Promise<StartOutcome> {
    const lockKey = dialogLockKey(roundId, unitCode, form)
    const round =
      known.read && known.read.round.id === roundId && known.read.ru.roundId === roundId
        ? this.openOn(known.read, form)
        : (await this.submissions.editable({ roundId, unitCode, form })).round
    const latest = known.latest === 'none' ? null : await this.submissions.latest({ roundId, unitCode, form })
    const first = await this.firstStep(round, unitCode, form, latest)
    const { result } = first
    const head = known.head ?? first.head
    const now = this.clock.now()
    // the insert comes first and the lock key's unique index answers whether a dialog is open already:
    // no read before it in the common case
    const made = await this.dialogs.insert({
      account: place.account,
      roundId,
      unitCode,
      form,
      ownerId: person.id,
      ownerName: person.name,
      roomId: place.roomId,
      roomTopic: place.roomTopic,
      state: result.state as unknown as Record<string, unknown>,
      status: 'active',
      lockKey,
      lastActivityAt: now,
      rev: 0,
      base: stampOf(latest),
      ...(known.messageId ? { lastTurn: { messageId: known.messageId, replies: [...head, ...result.replies] } } : {}),
    })
    if (!made) {
      const existing = await this.dialogs.byLockKey(lockKey)
      if (!existing) return this.start(place, person, unitCode, roundId, form) // it ended meanwhile
      if (existing.ownerId !== person.id) return { conflict: { dialogId: existing.id, ownerName: existing.ownerName } }
      return { replies: await this.resume(existing, place) }
    }
    return { replies: [...head, ...result.replies] }
  }

  /** The round of `read` when its unit may edit the form now; else the submission service's refusal. */
  private openOn(read: UnitRound, form: FormCode): Round {
    const refused = editRefusal(read, form, this.clock.now())
    if (refused) throw refused
    // the form's writes (its draft saves, the submit at 提交) start from this read too
    this.submissions.knowRead(read.ru)
    return read.round
  }

  /**
   * One user message into an open dialog. The new state is stored before the replies are returned.
   * Null when the dialog turned out to be no longer active (ended or parked meanwhile): the message was
   * not taken, and the caller can treat it as said outside a dialog.
   */
  async input(dialog: Dialog, text: string, messageId?: string): Promise<string[] | null> {
    return this.turn(dialog, { kind: 'text', text }, messageId)
  }

  /**
   * The replies of a chat message this service already took (the same message handled again after a
   * crash), or null when it took none. A 提交 whose submission was not settled yet is settled now.
   */
  async replayOf(messageId: string): Promise<string[] | null> {
    const d = await this.dialogs.byLastTurn(messageId)
    const last = d?.lastTurn
    if (!d || !last) return null
    if (last.submitted) return [...last.replies, last.submitted]
    if (!last.completed || d.submissionId) return last.replies
    const round = await this.rounds.getRound(d.roundId)
    if (!round) return last.replies
    const ctx = await this.contexts.recentOrBuild(round, d.unitCode, d.form)
    // stopped before the store was settled: stored now, or found stored already (not stored twice)
    return [...last.replies, await this.store(d, last.completed.answers, ctx, getTemplate(d.form))]
  }

  /** The open (active or parked) dialog of the form, whoever holds it; null when none. */
  holder(roundId: string, unitCode: string, form: FormCode): Promise<Dialog | null> {
    return this.dialogs.byLockKey(dialogLockKey(roundId, unitCode, form))
  }

  /**
   * Ends an open dialog without storing anything (a file sent by its owner replaces its answers): the
   * engine's cancelled state, the lock released. False when someone saved it meanwhile.
   */
  async discard(dialog: Dialog): Promise<boolean> {
    const state = { ...(dialog.state as unknown as DialogState), done: true, outcome: 'cancelled' as const }
    const change = {
      state: state as unknown as Record<string, unknown>,
      status: 'cancelled' as const,
      lockKey: endedLockKey(dialog),
      lastActivityAt: this.clock.now(),
    }
    return (await this.dialogs.saveTurn(dialog, change, this.clock.now())) !== null
  }

  /** 接管: the colleague's answers are kept; the dialog moves to the new owner (and room). */
  async takeover(dialogId: string, place: ChatPlace, person: ChatPerson): Promise<string[]> {
    // the revision moves too: the former owner's turn in flight (or kept copy) cannot save over it
    const taken = await this.dialogs.takeOver(
      dialogId,
      { ownerId: person.id, ownerName: person.name, roomId: place.roomId, roomTopic: place.roomTopic },
      this.clock.now(),
    )
    if (!taken) return [HOST_NOTES.nothingToTakeOver]
    const replies = (await this.turn(taken, { kind: 'resume' })) ?? []
    return [HOST_NOTES.takenOver, ...replies]
  }

  /** The dialog active again (in `place` when given) at the question it stopped at. */
  async resume(dialog: Dialog, place?: ChatPlace): Promise<string[]> {
    const d = await this.dialogs.reopen(
      dialog.id,
      place ? { roomId: place.roomId, roomTopic: place.roomTopic } : undefined,
    )
    if (!d) return []
    return (await this.turn(d, { kind: 'resume' })) ?? []
  }

  private async turn(dialog: Dialog, input: DialogInput, messageId?: string): Promise<string[] | null> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const round = await this.rounds.getRound(dialog.roundId)
      if (!round) throw AppError.notFound('填报任务不存在')
      const ctx = await this.contexts.recentOrBuild(round, dialog.unitCode, dialog.form)
      const template = getTemplate(dialog.form)
      const state = dialog.state as unknown as DialogState
      // completed, but its store was never settled (the process failed in between): settled first
      if (state.done && state.outcome === 'completed') return [await this.store(dialog, state.answers, ctx, template)]
      const result = step(template, state, input, ctx)
      const completed = result.effects.find((e) => e.type === 'completed')
      // a completing turn is saved with the submission to store, the dialog still active (the form stays
      // its own until the store is settled): a crash before that is settled by the replay (replayOf)
      const lastTurn = messageId
        ? {
            messageId,
            replies: result.replies,
            ...(completed ? { completed: { answers: completed.payload.answers } } : {}),
          }
        : undefined
      const saved = await this.save(dialog, result, lastTurn, completed !== undefined)
      if (!saved) {
        const fresh = await this.dialogs.reread(dialog)
        if (!fresh || fresh.status !== 'active' || fresh.ownerId !== dialog.ownerId) return null
        dialog = fresh
        continue
      }
      // the completing step says nothing itself: its one reply is the engine's receipt or refusal
      if (completed) return [...result.replies, await this.store(saved, completed.payload.answers, ctx, template)]
      return result.replies
    }
    throw AppError.conflict('concurrent_edit', '操作过于频繁，请稍后再试')
  }

  /**
   * The turn's state, saved only if nobody saved since `dialog` was read (the revision); the saved
   * dialog, or null when someone did.
   */
  private async save(dialog: Dialog, result: StepResult, lastTurn?: LastTurn, storing = false): Promise<Dialog | null> {
    // a completing step stays active (the form its own) until its submission is stored (settle)
    const status: DialogStatus =
      result.state.done && !storing ? (result.state.outcome === 'cancelled' ? 'cancelled' : 'completed') : 'active'
    const now = this.clock.now()
    const change = {
      state: result.state as unknown as Record<string, unknown>,
      status,
      lastActivityAt: now,
      ...(status !== 'active' ? { lockKey: endedLockKey(dialog) } : {}),
      ...(lastTurn ? { lastTurn } : {}),
    }
    return this.dialogs.saveTurn(dialog, change, now)
  }

  /**
   * Stores a completed dialog's submission (`dialog` is saved with the completing step) and settles
   * the dialog with the engine: stored → completed, with the receipt; refused (an AppError for the
   * user: the round locked meanwhile, a validation, a version someone else saved meanwhile) → open again
   * at the submit confirmation with every answer, and the reason. Either way one reply.
   */
  private async store(
    dialog: Dialog,
    answers: Record<string, unknown>,
    ctx: FormContext,
    template: FormTemplate,
  ): Promise<string> {
    const target = { roundId: dialog.roundId, unitCode: dialog.unitCode, form: dialog.form }
    const seen: { other?: SubmissionHead | null } = {}
    try {
      const check = (latest: SubmissionHead | null): void => {
        seen.other = null
        // this dialog's own submission is in already (a store repeated after a failure): not stored twice
        if (ownSubmission(dialog, latest)) throw new StoredAlready()
        // someone else may have saved the form since the dialog loaded it: refused, not written over
        seen.other = dialog.base === undefined ? null : editedMeanwhile(latest, dialog.base, dialog.ownerName)
        if (seen.other)
          throw AppError.conflict('edit_conflict', `${savedVia(seen.other)}刚刚保存了本表的第 ${seen.other.version} 版`)
      }
      const s = await this.submissions.submit(target, answers, { by: dialog.ownerName, channel: 'wechat' }, { check })
      return await this.settle(
        dialog,
        { kind: 'stored', version: s.version, onTime: s.onTime !== false },
        ctx,
        template,
        { submissionId: s.id },
      )
    } catch (err) {
      if (err instanceof StoredAlready) {
        const s = await this.submissions.latest(target)
        if (s)
          return this.settle(
            dialog,
            { kind: 'stored', version: s.version, onTime: s.onTime !== false },
            ctx,
            template,
            { submissionId: s.id },
          )
      }
      if (!isForUser(err)) throw err
      const other = seen.other
      // the user has now been told of the other version: the next 提交 may write over it
      if (other)
        return this.settle(
          dialog,
          {
            kind: 'refused',
            reason: { type: 'edited', by: savedVia(other), version: other.version, draft: other.status === 'draft' },
          },
          ctx,
          template,
          { base: stampOf(other) },
        )
      return this.settle(
        dialog,
        { kind: 'refused', reason: { type: 'error', message: chatErrorText(err) } },
        ctx,
        template,
        {},
      )
    }
  }

  /**
   * The engine's one reply on how the store went, saved with the state it leaves (by id, whatever
   * happened to the dialog meanwhile: the store happened, or was refused, in any case). So a replay
   * of the message says the same.
   */
  private async settle(
    dialog: Dialog,
    outcome: Extract<DialogInput, { kind: 'stored' | 'refused' }>,
    ctx: FormContext,
    template: FormTemplate,
    extra: { submissionId?: string; base?: string | null },
  ): Promise<string> {
    const result = step(template, dialog.state as unknown as DialogState, outcome, ctx)
    const reply = result.replies.join('\n')
    const last = dialog.lastTurn
    const now = this.clock.now()
    const change = {
      state: result.state as unknown as Record<string, unknown>,
      ...extra,
      ...(outcome.kind === 'stored'
        ? {
            status: 'completed' as const,
            lockKey: dialog.status === 'active' ? endedLockKey(dialog) : dialog.lockKey,
            ...(last?.completed ? { lastTurn: { ...last, submitted: reply } } : {}),
          }
        : {
            lastActivityAt: now,
            ...(last?.completed ? { lastTurn: { messageId: last.messageId, replies: [reply] } } : {}),
          }),
    }
    await this.dialogs.settle(dialog, change, now)
    return reply
  }

  private async firstStep(
    round: Round,
    unitCode: string,
    form: FormCode,
    latest: Awaited<ReturnType<SubmissionService['latest']>>,
  ) {
    // the turns that follow reuse this context (FormContextService keeps it a few seconds)
    const ctx = await this.contexts.recentOrBuild(round, unitCode, form)
    const template = getTemplate(form)
    const started = step(template, null, { kind: 'start' }, ctx)
    const prefill = latest && (latest.status === 'returned' || latest.status === 'draft') ? latest.answers : null
    if (!prefill || Object.keys(prefill).length === 0) return { result: started, head: [] as string[] }
    const state: DialogState = { ...started.state, answers: { ...prefill } }
    const result = step(template, state, { kind: 'resume' }, ctx)
    const head = latest?.status === 'returned' ? [HOST_NOTES.returned(latest.comment)] : [HOST_NOTES.draftLoaded]
    return { result, head }
  }

  /** Idle 30 minutes: one gentle nudge; idle 24 hours: parked as a draft (`继续` resumes). */
  async idle(now: Date): Promise<{ nudge: Dialog[]; park: Dialog[] }> {
    const nudgeBefore = new Date(now.getTime() - 30 * 60_000)
    const parkBefore = new Date(now.getTime() - 24 * 3600_000)
    // the revision moves: a turn that read the dialog before it was parked cannot save over the parking
    const park = await this.dialogs.parkIdle(parkBefore)
    for (const d of park) {
      const draft = await this.submissions
        .saveDraft(
          { roundId: d.roundId, unitCode: d.unitCode, form: d.form },
          (d.state as { answers?: Record<string, unknown> }).answers ?? {},
          { by: d.ownerName, channel: 'wechat' },
        )
        .catch(() => null)
      // the dialog's own draft is no edit by someone else (a colleague taking it over submits without a conflict)
      if (draft && d.base !== undefined) await this.dialogs.setBase(d.id, stampOf(draft))
    }
    const nudge = await this.dialogs.nudgeIdle(nudgeBefore, now)
    return { nudge, park }
  }
}

/** The store's check found the dialog's own submission in already. */
class StoredAlready extends Error {}

/**
 * Whether `latest` is this dialog's own submission: final, saved in the chat by its owner, and not the
 * version the dialog loaded (`base`; a dialog opens only on a missing, draft or returned form).
 */
function ownSubmission(dialog: Dialog, latest: SubmissionHead | null): boolean {
  if (!latest || dialog.base === undefined) return false
  return (
    latest.channel === 'wechat' &&
    latest.by === dialog.ownerName &&
    latest.status !== 'draft' &&
    stampOf(latest) !== dialog.base
  )
}
