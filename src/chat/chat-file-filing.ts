import type { FormCode } from '../domain/types.js'
import type { PendingChoice } from '../domain/pending-choice.js'
import { AppError } from '../errors.js'
import { HOST_NOTES } from '../engine/index.js'
import type { DialogService } from '../services/filing/dialog-service.js'
import type { FileFilingService } from '../services/filing/file-filing-service.js'
import type { TaskService } from '../services/filing/task-service.js'
import { fileReadingText } from './file-reading-text.js'
import type { FileContext, FileFiling, PendingChoicesPort } from './ports.js'
import { FILLABLE, standing } from './task-list.js'

/** What filing by file in the chat uses: the shared file use case (read, keep) and the chat's own services. */
export interface ChatFileFilingDeps {
  files: Pick<FileFilingService, 'read' | 'keep'>
  tasks: Pick<TaskService, 'forUnit'>
  dialogs: Pick<DialogService, 'holder' | 'discard' | 'start'>
  pending: Pick<PendingChoicesPort, 'set' | 'clear'>
}

type Target = { roundId: string; unitCode: string; form: FormCode; title: string }

/**
 * A unit's filled template received in the chat: read with the mini-program's reader (a refusal —
 * another unit, round or template version, no template — is answered with its reason), checked to be a
 * table the unit can still fill and that no colleague is filling in a dialog. Cell errors: nothing is
 * stored, every error is listed, and 保留 may keep the valid answers (a pending choice). Otherwise the
 * answers become the form's draft and the form's dialog opens on it, asking what is still missing;
 * the person's own open dialog of the form gives way to the file. One reply says what was read.
 */
export class ChatFileFiling implements FileFiling {
  constructor(private readonly d: ChatFileFilingDeps) {}

  async fileReceived(ctx: FileContext, file: { name: string; data: Buffer }): Promise<string[]> {
    if (!ctx.roundId) return []
    let reading
    try {
      reading = await this.d.files.read(ctx.roundId, ctx.unitCode, file.data)
    } catch (err) {
      if (err instanceof AppError && err.expose) return [`文件《${file.name}》未读取：${err.message}。`]
      throw err
    }
    const target = await this.target(ctx, reading.roundId, reading.form)
    if (typeof target === 'string') return [target]
    const refused = await this.heldByColleague(ctx, target, file.name)
    if (refused) return [refused]
    const valid = Object.keys(reading.answers).length
    if (reading.errors.length || valid === 0) {
      if (valid > 0)
        await this.d.pending.set(ctx.place.roomId, ctx.who.id, {
          kind: 'file-keep',
          unitCode: target.unitCode,
          roundId: target.roundId,
          form: target.form,
          title: target.title,
          fileName: file.name,
          answers: Object.entries(reading.answers),
        })
      const next = valid > 0 ? { kind: 'keep' as const, valid } : { kind: 'fix' as const }
      return [fileReadingText({ name: file.name, title: target.title }, reading, next)]
    }
    const said = fileReadingText({ name: file.name, title: target.title }, reading, {
      kind: 'dialog',
      note: HOST_NOTES.fileLoaded(file.name),
    })
    // a 保留 asked for an earlier file is answered by this one
    await this.d.pending.clear(ctx.place.roomId, ctx.who.id)
    return this.toDraft(ctx, target, reading.answers, said)
  }

  async keepValid(ctx: FileContext, kept: Extract<PendingChoice, { kind: 'file-keep' }>): Promise<string[]> {
    const target = await this.target(ctx, kept.roundId, kept.form as FormCode)
    if (typeof target === 'string') return [target]
    const refused = await this.heldByColleague(ctx, target, kept.fileName)
    if (refused) return [refused]
    const said = `已保存文件《${kept.fileName}》中无误的 ${kept.answers.length} 项。${HOST_NOTES.fileLoaded(kept.fileName)}`
    return this.toDraft(ctx, target, Object.fromEntries(kept.answers), said)
  }

  /** The unit's task for the form in the round, when it can still be filled; else why not. */
  private async target(ctx: FileContext, roundId: string, form: FormCode): Promise<Target | string> {
    const task = (await this.d.tasks.forUnit(ctx.unitCode)).find((k) => k.roundId === roundId && k.form === form)
    if (!task) return '这张表不是本单位本轮需要填报的表，文件未保存。'
    if (!FILLABLE.includes(task.status))
      return `《${task.title}》${standing(task)}，不能再用文件修改；如需更正，请联系财政局退回后再发送。文件未保存。`
    return { roundId, unitCode: ctx.unitCode, form, title: task.title }
  }

  /** A colleague's open dialog of the form refuses the file; the sender's own gives way to it. */
  private async heldByColleague(ctx: FileContext, t: Target, fileName: string): Promise<string | null> {
    const holder = await this.d.dialogs.holder(t.roundId, t.unitCode, t.form)
    if (!holder || holder.ownerId === ctx.who.id) return null
    return `${holder.ownerName} 正在对话中填写《${t.title}》，文件《${fileName}》未保存。请等对方提交，或回复“填报”后“接管”再发送文件。`
  }

  /** The answers as the form's draft, the sender's own dialog of it ended, and the dialog opened on the draft. */
  private async toDraft(
    ctx: FileContext,
    t: Target,
    answers: Record<string, unknown>,
    said: string,
  ): Promise<string[]> {
    const own = await this.d.dialogs.holder(t.roundId, t.unitCode, t.form)
    if (own && own.ownerId === ctx.who.id) await this.d.dialogs.discard(own)
    const target = { roundId: t.roundId, unitCode: t.unitCode, form: t.form }
    await this.d.files.keep(target, answers, { by: ctx.who.name, channel: 'wechat' })
    const r = await this.d.dialogs.start(ctx.place, ctx.who, t.unitCode, t.roundId, t.form, {
      messageId: ctx.messageId,
      head: [said],
    })
    if ('replies' in r) return r.replies
    // a colleague opened it in the moment between: the draft is in, the dialog theirs
    return [`${said}\n${r.conflict.ownerName} 正在对话中填写《${t.title}》，已保存为草稿，请与对方确认后再提交。`]
  }
}
