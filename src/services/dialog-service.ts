import type { Connection } from 'mongoose'
import type { Clock } from '../clock.js'
import type { FormCode, Round } from '../domain/types.js'
import { dialogModel, type DialogDoc } from '../db/models/dialog.js'
import { isDuplicateKey } from '../db/duplicate-key.js'
import { step, type DialogInput, type DialogState, type StepResult } from '../engine/index.js'
import { getTemplate, validateSubmission } from '../forms/index.js'
import { AppError } from '../errors.js'
import type { RoundReader } from './ports.js'
import type { SubmissionService } from './submission-service.js'
import type { FormContextService } from './form-context-service.js'
import type { ChatPerson, ChatPlace } from './chat-replier.js'
import { FORM_TITLES } from '../domain/form-titles.js'
import { TtlCache } from './ttl-cache.js'

export type StartOutcome = { replies: string[] } | { conflict: { dialogId: string; ownerName: string } }

/**
 * Guided chat forms: runs the pure engine and persists its state before any reply is sent, so a
 * restart resumes every open dialog at the same question. Concurrent turns on one dialog are
 * serialised by an optimistic revision check; the (round, unit, form) lock key keeps one dialog per form.
 */
export class DialogService {
  readonly dialogs
  /** a round's period and tolerance for chat turns (the lock is checked by the submission service) */
  private recentRounds = new TtlCache<Round>(5000, 100)
  constructor(
    conn: Connection,
    private readonly clock: Clock,
    private readonly rounds: RoundReader,
    private readonly submissions: SubmissionService,
    private readonly contexts: FormContextService,
  ) {
    this.dialogs = dialogModel(conn)
  }

  findOpen(person: ChatPerson, roomId: string, statuses: DialogDoc['status'][] = ['active']): Promise<DialogDoc | null> {
    return this.dialogs.findOne({ ownerId: person.id, roomId, status: { $in: statuses } }).sort({ lastActivityAt: -1 }).lean<DialogDoc>()
  }

  async start(place: ChatPlace, person: ChatPerson, unitCode: string, roundId: string, form: FormCode): Promise<StartOutcome> {
    const lockKey = `${roundId}:${unitCode}:${form}`
    const existing = await this.dialogs.findOne({ lockKey }).lean<DialogDoc>()
    if (existing && existing.ownerId !== person.id) return { conflict: { dialogId: String(existing._id), ownerName: existing.ownerName } }
    if (existing) return { replies: await this.resume(existing, place) }
    const { round } = await this.submissions.editable({ roundId, unitCode, form })
    const latest = await this.submissions.latest({ roundId, unitCode, form })
    const { result, head } = await this.firstStep(round, unitCode, form, latest)
    const now = this.clock.now()
    try {
      await this.dialogs.create({
        account: place.account, roundId, unitCode, form, ownerId: person.id, ownerName: person.name, roomId: place.roomId, roomTopic: place.roomTopic,
        state: result.state as unknown as Record<string, unknown>, status: 'active', lockKey, lastActivityAt: now, rev: 0,
      })
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      return this.start(place, person, unitCode, roundId, form)
    }
    return { replies: [...head, ...result.replies] }
  }

  /** One user message into an open dialog. The new state is stored before the replies are returned. */
  async input(dialog: DialogDoc, text: string): Promise<string[]> {
    return this.turn(dialog, { kind: 'text', text })
  }

  /** 接管: the colleague's answers are kept; the dialog moves to the new owner (and room). */
  async takeover(dialogId: string, place: ChatPlace, person: ChatPerson): Promise<string[]> {
    const d = await this.dialogs
      .findOneAndUpdate(
        { _id: dialogId, status: { $in: ['active', 'parked'] } },
        { $set: { ownerId: person.id, ownerName: person.name, roomId: place.roomId, roomTopic: place.roomTopic, status: 'active', lastActivityAt: this.clock.now() } },
        { returnDocument: 'after' },
      )
      .lean<DialogDoc>()
    if (!d) return ['该填报已结束，无需接管。发送“填报”重新开始。']
    const replies = await this.turn(d, { kind: 'resume' })
    return ['已接管，之前填写的内容已保留。', ...replies]
  }

  async resume(dialog: DialogDoc, place?: ChatPlace): Promise<string[]> {
    const patch = place ? { roomId: place.roomId, roomTopic: place.roomTopic } : {}
    await this.dialogs.updateOne({ _id: dialog._id }, { $set: { status: 'active', nudgedAt: undefined, ...patch } })
    return this.turn({ ...dialog, status: 'active' }, { kind: 'resume' })
  }

  private async turn(dialog: DialogDoc, input: DialogInput): Promise<string[]> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const round = this.recentRounds.get(dialog.roundId) ?? (await this.rounds.getRound(dialog.roundId))
      if (!round) throw AppError.notFound('填报任务不存在')
      this.recentRounds.set(round.id, round)
      const ctx = await this.contexts.recentOrBuild(round, dialog.unitCode, dialog.form)
      const template = getTemplate(dialog.form)
      const result = step(template, dialog.state as unknown as DialogState, input, ctx)
      const saved = await this.save(dialog, result)
      if (!saved) {
        const fresh = await this.dialogs.findById(dialog._id).lean<DialogDoc>()
        if (!fresh || fresh.status !== 'active') return []
        dialog = fresh
        continue
      }
      const extra: string[] = []
      for (const effect of result.effects) {
        if (effect.type === 'completed') extra.push(await this.complete(saved, effect.payload, ctx, template))
      }
      return [...result.replies, ...extra]
    }
    throw AppError.conflict('concurrent_edit', '操作过于频繁，请稍后再试')
  }

  private async save(dialog: DialogDoc, result: StepResult): Promise<DialogDoc | null> {
    const status = result.state.done ? (result.state.outcome === 'cancelled' ? 'cancelled' : 'completed') : 'active'
    const set: Record<string, unknown> = { state: result.state, status, lastActivityAt: this.clock.now(), nudgedAt: undefined }
    if (status !== 'active') set.lockKey = `${dialog.lockKey}:${String(dialog._id)}`
    return this.dialogs
      .findOneAndUpdate({ _id: dialog._id, rev: dialog.rev ?? 0 }, { $set: set, $inc: { rev: 1 } }, { returnDocument: 'after' })
      .lean<DialogDoc>()
  }

  private async complete(dialog: DialogDoc, payload: { answers: Record<string, unknown> }, ctx: Parameters<typeof validateSubmission>[1], template: ReturnType<typeof getTemplate>): Promise<string> {
    const v = validateSubmission(template, ctx, payload)
    const validation = v.ok ? { ok: true as const, answers: payload.answers, computed: v.computed as unknown as Record<string, unknown> } : { ok: false as const, errors: v.errors }
    try {
      const s = await this.submissions.submit({ roundId: dialog.roundId, unitCode: dialog.unitCode, form: dialog.form }, validation, { by: dialog.ownerName, channel: 'wechat' })
      await this.dialogs.updateOne({ _id: dialog._id }, { $set: { submissionId: s.id } })
      return `✅ 已提交《${FORM_TITLES[dialog.form].full}》（第 ${s.version} 版）${s.onTime ? '' : '，已过截止时间，记为逾期'}。感谢！`
    } catch (err) {
      if (err instanceof AppError) return `提交未成功：${err.message}`
      throw err
    }
  }

  private async firstStep(round: Round, unitCode: string, form: FormCode, latest: Awaited<ReturnType<SubmissionService['latest']>>) {
    const ctx = await this.contexts.build(round, unitCode, form)
    const template = getTemplate(form)
    const started = step(template, null, { kind: 'start' }, ctx)
    const prefill = latest && (latest.status === 'returned' || latest.status === 'draft') ? latest.answers : null
    if (!prefill || Object.keys(prefill).length === 0) return { result: started, head: [] as string[] }
    const state: DialogState = { ...started.state, answers: { ...prefill } }
    const result = step(template, state, { kind: 'resume' }, ctx)
    const head = latest?.status === 'returned' ? [`财政局退回了本表，意见：「${latest.comment ?? '（无）'}」。已载入上次填写的内容，可发送“修改 序号”更正后“提交”。`] : ['已载入上次保存的草稿。']
    return { result, head }
  }

  /** Idle 30 minutes: one gentle nudge; idle 24 hours: parked as a draft (`继续` resumes). */
  async idle(now: Date): Promise<{ nudge: DialogDoc[]; park: DialogDoc[] }> {
    const nudgeBefore = new Date(now.getTime() - 30 * 60_000)
    const parkBefore = new Date(now.getTime() - 24 * 3600_000)
    const park = await this.dialogs.find({ status: 'active', lastActivityAt: { $lte: parkBefore } }).lean<DialogDoc[]>()
    if (park.length) await this.dialogs.updateMany({ _id: { $in: park.map((d) => d._id) }, status: 'active' }, { $set: { status: 'parked' } })
    for (const d of park) {
      await this.submissions.saveDraft({ roundId: d.roundId, unitCode: d.unitCode, form: d.form }, (d.state as { answers?: Record<string, unknown> }).answers ?? {}, { by: d.ownerName, channel: 'wechat' }).catch(() => undefined)
    }
    const nudge = await this.dialogs.find({ status: 'active', lastActivityAt: { $lte: nudgeBefore }, nudgedAt: null }).lean<DialogDoc[]>()
    if (nudge.length) await this.dialogs.updateMany({ _id: { $in: nudge.map((d) => d._id) } }, { $set: { nudgedAt: now } })
    return { nudge, park }
  }
}
