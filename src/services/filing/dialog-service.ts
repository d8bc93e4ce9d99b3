import { Types, type Connection } from 'mongoose'
import type { Clock } from '../../clock.js'
import type { FormCode, Round, SubmissionHead } from '../../domain/types.js'
import { dialogModel, type DialogDoc, type DialogStatus, type LastTurn } from '../../db/models/dialog.js'
import { isDuplicateKey } from '../../db/duplicate-key.js'
import { requireIndexes } from '../../db/index-guard.js'
import { chatErrorText, HOST_NOTES, isForUser, step, type DialogInput, type DialogState, type StepResult } from '../../engine/index.js'
import { getTemplate, type FormContext, type FormTemplate } from '../../forms/index.js'
import { AppError } from '../../errors.js'
import type { RoundReader } from './filing-ports.js'
import { editedMeanwhile, savedVia, stampOf, type SubmissionService } from './submission-service.js'
import type { FormContextService } from './form-context-service.js'
import type { ChatPerson, ChatPlace } from './chat-replier.js'
import { TtlCache } from '../../cache/ttl-cache.js'

export type StartOutcome = { replies: string[] } | { conflict: { dialogId: string; ownerName: string } }

/** How long a person's open dialog (or that they have none) is kept in memory between turns. */
const OPEN_TTL_MS = 60_000

/**
 * Guided chat forms: runs the pure engine and persists its state before any reply is sent, so a
 * restart resumes every open dialog at the same question. Concurrent turns on one dialog are
 * serialised by an optimistic revision check; the (round, unit, form) lock key keeps one dialog per form.
 */
export class DialogService {
  readonly dialogs
  /** a round's period and tolerance for chat turns (the lock is checked by the submission service) */
  private recentRounds = new TtlCache<Round>(5000, 100)
  /**
   * The open (active) dialog of a person in a room, or null for none, as this process last read or
   * wrote it: every turn would otherwise start with a sorted read of the dialogs. Written through on
   * every save, start, takeover, resume and park here. A copy made stale by a writer elsewhere cannot
   * overwrite anything: saves are conditional on the revision, and a failed save re-reads the dialog.
   */
  private open = new TtlCache<DialogDoc | null>(OPEN_TTL_MS, 20_000)
  /** dialog id → the key it is cached under, so a dialog that moves (takeover, resume elsewhere) leaves no copy behind */
  private openKeyOf = new Map<string, string>()
  /** key → how often it was written here: a read that raced a write is not kept */
  private writes = new Map<string, number>()
  constructor(
    conn: Connection,
    private readonly clock: Clock,
    private readonly rounds: RoundReader,
    private readonly submissions: SubmissionService,
    private readonly contexts: FormContextService,
  ) {
    this.dialogs = dialogModel(conn)
  }

  /** The person's latest dialog in this room with one of `statuses` (default: the active one, from memory when known). */
  async findOpen(person: ChatPerson, roomId: string, statuses: DialogDoc['status'][] = ['active']): Promise<DialogDoc | null> {
    const activeOnly = statuses.length === 1 && statuses[0] === 'active'
    const key = openKey(person.id, roomId)
    if (activeOnly) {
      const hit = this.open.get(key)
      if (hit !== undefined) return hit
    }
    const before = this.writes.get(key)
    const found = (await this.dialogs.collection.findOne({ ownerId: person.id, roomId, status: { $in: statuses } }, { sort: { lastActivityAt: -1 } })) as DialogDoc | null
    if (activeOnly && this.writes.get(key) === before) {
      if (found) this.remember(found)
      else this.open.set(key, null)
    }
    return found
  }

  /** A re-login gave the room a new id: its dialogs move along (and nothing kept in memory names the old one). */
  async moveRoom(from: string, to: string): Promise<void> {
    await this.dialogs.updateMany({ roomId: from }, { $set: { roomId: to } })
    this.forgetAll()
  }

  /** A re-login gave the person a new id: their dialogs move along. */
  async moveOwner(from: string, to: string): Promise<void> {
    await this.dialogs.updateMany({ ownerId: from }, { $set: { ownerId: to } })
    this.forgetAll()
  }

  /** Who holds each active or parked dialog, and where (to re-match owners after a re-login). */
  async openOwners(): Promise<{ id: string; ownerId: string; ownerName: string; roomId: string }[]> {
    const open = await this.dialogs.find({ status: { $in: ['active', 'parked'] } }, { ownerId: 1, ownerName: 1, roomId: 1 }).lean()
    return open.map((d) => ({ id: String(d._id), ownerId: d.ownerId, ownerName: d.ownerName, roomId: d.roomId }))
  }

  /** The dialog's owner found under a new id after a re-login. */
  async setOwner(dialogId: string, ownerId: string): Promise<void> {
    await this.dialogs.updateOne({ _id: dialogId }, { $set: { ownerId } })
    this.forgetAll()
  }

  /** Forgets every dialog kept in memory (after a bulk move of owners or rooms: which were moved is not known). */
  private forgetAll(): void {
    this.open = new TtlCache<DialogDoc | null>(OPEN_TTL_MS, 20_000)
    this.openKeyOf.clear()
    this.writes.clear()
  }

  private wrote(key: string): void {
    if (this.writes.size > 40_000) this.writes.clear()
    this.writes.set(key, (this.writes.get(key) ?? 0) + 1)
  }

  /** Keeps the dialog's latest saved copy: under its owner and room while active, as "none" once it is not. */
  private remember(d: DialogDoc): void {
    const id = String(d._id)
    const key = openKey(d.ownerId, d.roomId)
    const before = this.openKeyOf.get(id)
    if (before !== undefined && before !== key && this.open.get(before)?._id.equals(d._id)) this.open.delete(before)
    this.wrote(key)
    if (d.status === 'active') {
      this.open.set(key, d)
      this.openKeyOf.set(id, key)
    } else {
      if (this.open.get(key)?._id.equals(d._id)) this.open.delete(key)
      this.openKeyOf.delete(id)
    }
    if (this.openKeyOf.size > 40_000) this.openKeyOf.clear()
  }

  /** Drops whatever is kept for this dialog (its status or owner changed in a bulk write). */
  private forget(d: Pick<DialogDoc, '_id' | 'ownerId' | 'roomId'>): void {
    const id = String(d._id)
    for (const key of [this.openKeyOf.get(id), openKey(d.ownerId, d.roomId)]) {
      if (key === undefined) continue
      this.wrote(key)
      if (this.open.get(key)?._id.equals(d._id)) this.open.delete(key)
    }
    this.openKeyOf.delete(id)
  }

  /**
   * Opens the form's dialog for this person, or resumes theirs, or reports the colleague who holds it.
   * `known.latest: 'none'` says the caller has just seen that the form has no submission yet (no read
   * for a draft or a returned version to load).
   */
  async start(place: ChatPlace, person: ChatPerson, unitCode: string, roundId: string, form: FormCode, known: { latest?: 'none'; messageId?: string } = {}): Promise<StartOutcome> {
    const lockKey = `${roundId}:${unitCode}:${form}`
    const { round } = await this.submissions.editable({ roundId, unitCode, form })
    this.recentRounds.set(round.id, round)
    const latest = known.latest === 'none' ? null : await this.submissions.latest({ roundId, unitCode, form })
    const { result, head } = await this.firstStep(round, unitCode, form, latest)
    const now = this.clock.now()
    // the insert comes first and the lock key's unique index answers whether a dialog is open already:
    // no read before it in the common case
    try {
      // a complete document through the driver (every field the schema has is set here)
      const doc: DialogDoc & { createdAt: Date; updatedAt: Date } = {
        _id: new Types.ObjectId(), account: place.account, roundId, unitCode, form, ownerId: person.id, ownerName: person.name, roomId: place.roomId, roomTopic: place.roomTopic,
        state: result.state as unknown as Record<string, unknown>, status: 'active', lockKey, lastActivityAt: now, rev: 0, base: stampOf(latest), createdAt: now, updatedAt: now,
        ...(known.messageId ? { lastTurn: { messageId: known.messageId, replies: [...head, ...result.replies] } } : {}),
      }
      await requireIndexes(this.dialogs) // the lock key's unique index (the driver's insert skips mongoose's hooks)
      await this.dialogs.collection.insertOne(doc)
      this.remember(doc)
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      const existing = await this.dialogs.findOne({ lockKey }).lean<DialogDoc>()
      if (!existing) return this.start(place, person, unitCode, roundId, form) // it ended meanwhile
      if (existing.ownerId !== person.id) return { conflict: { dialogId: String(existing._id), ownerName: existing.ownerName } }
      return { replies: await this.resume(existing, place) }
    }
    return { replies: [...head, ...result.replies] }
  }

  /**
   * One user message into an open dialog. The new state is stored before the replies are returned.
   * Null when the dialog turned out to be no longer active (ended or parked meanwhile): the message was
   * not taken, and the caller can treat it as said outside a dialog.
   */
  async input(dialog: DialogDoc, text: string, messageId?: string): Promise<string[] | null> {
    return this.turn(dialog, { kind: 'text', text }, messageId)
  }

  /**
   * The replies of a chat message this service already took (the same message handled again after a
   * crash), or null when it took none. A 提交 whose submission was not settled yet is settled now.
   */
  async replayOf(messageId: string): Promise<string[] | null> {
    const d = await this.dialogs.findOne({ 'lastTurn.messageId': messageId }).lean<DialogDoc>()
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

  /** 接管: the colleague's answers are kept; the dialog moves to the new owner (and room). */
  async takeover(dialogId: string, place: ChatPlace, person: ChatPerson): Promise<string[]> {
    const d = await this.dialogs
      .findOneAndUpdate(
        { _id: dialogId, status: { $in: ['active', 'parked'] } },
        // the revision moves too: the former owner's turn in flight (or kept copy) cannot save over it
        { $set: { ownerId: person.id, ownerName: person.name, roomId: place.roomId, roomTopic: place.roomTopic, status: 'active', lastActivityAt: this.clock.now() }, $inc: { rev: 1 } },
        { returnDocument: 'before' },
      )
      .lean<DialogDoc>()
    if (!d) return [HOST_NOTES.nothingToTakeOver]
    this.forget(d)
    const taken: DialogDoc = { ...d, ownerId: person.id, ownerName: person.name, roomId: place.roomId, roomTopic: place.roomTopic, status: 'active', rev: (d.rev ?? 0) + 1 }
    this.remember(taken)
    const replies = (await this.turn(taken, { kind: 'resume' })) ?? []
    return [HOST_NOTES.takenOver, ...replies]
  }

  async resume(dialog: DialogDoc, place?: ChatPlace): Promise<string[]> {
    const patch = place ? { roomId: place.roomId, roomTopic: place.roomTopic } : {}
    const d = await this.dialogs
      .findOneAndUpdate({ _id: dialog._id }, { $set: { status: 'active', nudgedAt: undefined, ...patch }, $inc: { rev: 1 } }, { returnDocument: 'after' })
      .lean<DialogDoc>()
    if (!d) return []
    this.remember(d)
    return (await this.turn(d, { kind: 'resume' })) ?? []
  }

  private async turn(dialog: DialogDoc, input: DialogInput, messageId?: string): Promise<string[] | null> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const round = this.recentRounds.get(dialog.roundId) ?? (await this.rounds.getRound(dialog.roundId))
      if (!round) throw AppError.notFound('填报任务不存在')
      this.recentRounds.set(round.id, round)
      const ctx = await this.contexts.recentOrBuild(round, dialog.unitCode, dialog.form)
      const template = getTemplate(dialog.form)
      const state = dialog.state as unknown as DialogState
      // completed, but its store was never settled (the process failed in between): settled first
      if (state.done && state.outcome === 'completed') return [await this.store(dialog, state.answers, ctx, template)]
      const result = step(template, state, input, ctx)
      const completed = result.effects.find((e) => e.type === 'completed')
      // a completing turn is saved with the submission to store, the dialog still active (the form stays
      // its own until the store is settled): a crash before that is settled by the replay (replayOf)
      const lastTurn = messageId ? { messageId, replies: result.replies, ...(completed ? { completed: { answers: completed.payload.answers } } : {}) } : undefined
      const saved = await this.save(dialog, result, lastTurn, completed !== undefined)
      if (!saved) {
        const fresh = await this.dialogs.findOne({ _id: dialog._id }).lean<DialogDoc>()
        if (fresh) this.remember(fresh)
        else this.forget(dialog)
        if (!fresh || fresh.status !== 'active' || fresh.ownerId !== dialog.ownerId) return null
        dialog = fresh
        continue
      }
      this.remember(saved)
      // the completing step says nothing itself: its one reply is the engine's receipt or refusal
      if (completed) return [...result.replies, await this.store(saved, completed.payload.answers, ctx, template)]
      return result.replies
    }
    throw AppError.conflict('concurrent_edit', '操作过于频繁，请稍后再试')
  }

  /**
   * The turn's state, saved only if nobody saved since `dialog` was read (the revision); the saved
   * dialog, or null when someone did. Straight through the driver (the update is plain; mongoose's
   * casting and timestamps cost as much as the round trip here), and an update rather than a
   * find-and-modify: the revision check guarantees the stored dialog is `dialog` with exactly this
   * turn's changes, so it is rebuilt here instead of being sent back whole.
   */
  private async save(dialog: DialogDoc, result: StepResult, lastTurn?: LastTurn, storing = false): Promise<DialogDoc | null> {
    // a completing step stays active (the form its own) until its submission is stored (settle)
    const status: DialogStatus = result.state.done && !storing ? (result.state.outcome === 'cancelled' ? 'cancelled' : 'completed') : 'active'
    const now = this.clock.now()
    const set = {
      state: result.state as unknown as Record<string, unknown>,
      status,
      lastActivityAt: now,
      updatedAt: now,
      ...(status !== 'active' ? { lockKey: `${dialog.lockKey}:${String(dialog._id)}` } : {}),
      ...(lastTurn ? { lastTurn } : {}),
    }
    const rev = dialog.rev ?? 0
    const r = await this.dialogs.collection.updateOne({ _id: dialog._id, rev }, { $set: set, $unset: { nudgedAt: '' }, $inc: { rev: 1 } })
    if (r.matchedCount === 0) return null
    const { nudgedAt: _, ...rest } = dialog
    return { ...rest, ...set, rev: rev + 1 }
  }

  /**
   * Stores a completed dialog's submission (`dialog` is saved with the completing step) and settles
   * the dialog with the engine: stored → completed, with the receipt; refused (an AppError for the
   * user: the round locked meanwhile, a validation, a version someone else saved meanwhile) → open again
   * at the submit confirmation with every answer, and the reason. Either way one reply.
   */
  private async store(dialog: DialogDoc, answers: Record<string, unknown>, ctx: FormContext, template: FormTemplate): Promise<string> {
    const target = { roundId: dialog.roundId, unitCode: dialog.unitCode, form: dialog.form }
    const seen: { other?: SubmissionHead | null } = {}
    try {
      const check = (latest: SubmissionHead | null): void => {
        seen.other = null
        // this dialog's own submission is in already (a store repeated after a failure): not stored twice
        if (ownSubmission(dialog, latest)) throw new StoredAlready()
        // someone else may have saved the form since the dialog loaded it: refused, not written over
        seen.other = dialog.base === undefined ? null : editedMeanwhile(latest, dialog.base, dialog.ownerName)
        if (seen.other) throw AppError.conflict('edit_conflict', `${savedVia(seen.other)}刚刚保存了本表的第 ${seen.other.version} 版`)
      }
      const s = await this.submissions.submit(target, answers, { by: dialog.ownerName, channel: 'wechat' }, { check })
      return await this.settle(dialog, { kind: 'stored', version: s.version, onTime: s.onTime !== false }, ctx, template, { submissionId: s.id })
    } catch (err) {
      if (err instanceof StoredAlready) {
        const s = await this.submissions.latest(target)
        if (s) return this.settle(dialog, { kind: 'stored', version: s.version, onTime: s.onTime !== false }, ctx, template, { submissionId: s.id })
      }
      if (!isForUser(err)) throw err
      const other = seen.other
      // the user has now been told of the other version: the next 提交 may write over it
      if (other) return this.settle(dialog, { kind: 'refused', reason: { type: 'edited', by: savedVia(other), version: other.version, draft: other.status === 'draft' } }, ctx, template, { base: stampOf(other) })
      return this.settle(dialog, { kind: 'refused', reason: { type: 'error', message: chatErrorText(err) } }, ctx, template, {})
    }
  }

  /**
   * The engine's one reply on how the store went, saved with the state it leaves (by id, whatever
   * happened to the dialog meanwhile: the store happened, or was refused, in any case). So a replay
   * of the message says the same.
   */
  private async settle(dialog: DialogDoc, outcome: Extract<DialogInput, { kind: 'stored' | 'refused' }>, ctx: FormContext, template: FormTemplate, extra: { submissionId?: string; base?: string | null }): Promise<string> {
    const result = step(template, dialog.state as unknown as DialogState, outcome, ctx)
    const reply = result.replies.join('\n')
    const last = dialog.lastTurn
    const now = this.clock.now()
    const set = {
      state: result.state as unknown as Record<string, unknown>,
      updatedAt: now,
      ...extra,
      ...(outcome.kind === 'stored'
        ? { status: 'completed' as const, lockKey: dialog.status === 'active' ? `${dialog.lockKey}:${String(dialog._id)}` : dialog.lockKey, ...(last?.completed ? { lastTurn: { ...last, submitted: reply } } : {}) }
        : { lastActivityAt: now, ...(last?.completed ? { lastTurn: { messageId: last.messageId, replies: [reply] } } : {}) }),
    }
    await this.dialogs.collection.updateOne({ _id: dialog._id }, { $set: set, $inc: { rev: 1 } })
    this.remember({ ...dialog, ...set, rev: (dialog.rev ?? 0) + 1 })
    return reply
  }

  private async firstStep(round: Round, unitCode: string, form: FormCode, latest: Awaited<ReturnType<SubmissionService['latest']>>) {
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
  async idle(now: Date): Promise<{ nudge: DialogDoc[]; park: DialogDoc[] }> {
    const nudgeBefore = new Date(now.getTime() - 30 * 60_000)
    const parkBefore = new Date(now.getTime() - 24 * 3600_000)
    const park = await this.dialogs.find({ status: 'active', lastActivityAt: { $lte: parkBefore } }).lean<DialogDoc[]>()
    // the revision moves: a turn that read the dialog before it was parked cannot save over the parking
    if (park.length) await this.dialogs.updateMany({ _id: { $in: park.map((d) => d._id) }, status: 'active' }, { $set: { status: 'parked' }, $inc: { rev: 1 } })
    for (const d of park) this.forget(d)
    for (const d of park) {
      const draft = await this.submissions.saveDraft({ roundId: d.roundId, unitCode: d.unitCode, form: d.form }, (d.state as { answers?: Record<string, unknown> }).answers ?? {}, { by: d.ownerName, channel: 'wechat' }).catch(() => null)
      // the dialog's own draft is no edit by someone else (a colleague taking it over submits without a conflict)
      if (draft && d.base !== undefined) await this.dialogs.collection.updateOne({ _id: d._id }, { $set: { base: stampOf(draft) } })
    }
    const nudge = await this.dialogs.find({ status: 'active', lastActivityAt: { $lte: nudgeBefore }, nudgedAt: null }).lean<DialogDoc[]>()
    if (nudge.length) await this.dialogs.updateMany({ _id: { $in: nudge.map((d) => d._id) } }, { $set: { nudgedAt: now } })
    return { nudge, park }
  }
}

/** The store's check found the dialog's own submission in already. */
class StoredAlready extends Error {}

/**
 * Whether `latest` is this dialog's own submission: final, saved in the chat by its owner, and not the
 * version the dialog loaded (`base`; a dialog opens only on a missing, draft or returned form).
 */
function ownSubmission(dialog: DialogDoc, latest: SubmissionHead | null): boolean {
  if (!latest || dialog.base === undefined) return false
  return latest.channel === 'wechat' && latest.by === dialog.ownerName && latest.status !== 'draft' && stampOf(latest) !== dialog.base
}

const openKey = (ownerId: string, roomId: string): string => `${ownerId}\u0000${roomId}`
