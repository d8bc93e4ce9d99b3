import type { Container } from '../../src/container.js'
import type { Task } from '../../src/services/task-service.js'
import type { ChatTurn } from '../chat-turn.js'
import { chatPendingModel, type ChatPending, type PendingChoice } from '../../src/db/models/chat-pending.js'
import { pickForm } from '../../src/forms/form-choice.js'

const STATUS: Record<Task['status'], string> = { missing: '未填报', draft: '草稿', submitted: '已提交', returned: '被退回待修改', accepted: '已审核通过' }

export const UNIT_HELP =
  '我可以帮您填报绩效运行监控表：\n' +
  '· 填报 —— 开始或继续填报本单位的表（也可“填报 2”“填报 项目表”）\n· 进度 —— 查看本单位要报的表和截止时间\n· 继续 —— 恢复暂停的填报\n' +
  '填报中可随时发送：上一步、跳过、查看、修改 序号、帮助、取消、提交'

const FILLABLE: readonly Task['status'][] = ['missing', 'draft', 'returned']

/** Where a table stands: "已提交，第 1 版" in the 填报 list, "已提交（第 1 版）" in 进度. */
function standing(t: Task, inParens = false): string {
  if (!t.version || t.status === 'missing') return STATUS[t.status]
  return inParens ? `${STATUS[t.status]}，第 ${t.version} 版` : `${STATUS[t.status]}（第 ${t.version} 版）`
}

/**
 * The unit's tables of the current round(s), numbered in the task service's fixed order: 填报 and 进度
 * show the same numbers, and a table keeps its number when another is submitted ("2" typed from a list
 * seen a moment ago still means the table shown as 2). Several rounds: each line names its round.
 */
function numbered(tasks: readonly Task[], line: (t: Task) => string): string[] {
  const rounds = new Set(tasks.map((t) => t.roundId)).size
  return tasks.map((t, i) => `${i + 1}. ${rounds > 1 ? `${t.roundTitle}·` : ''}${line(t)}`)
}

/**
 * `填报` (or `填报 2`, `填报 项目表`): the unit's tables of the round with their numbers; only one still to
 * file → start it, several → ask which (by number or name). The choice waits as the person's pending choice.
 */
export async function startFiling(c: Container, turn: ChatTurn, unitCode: string, which = ''): Promise<string[]> {
  const tasks = await c.chat.tasks.forUnit(unitCode)
  const fillable = tasks.filter((t) => FILLABLE.includes(t.status))
  const choice: PendingChoice = {
    kind: 'pick-form',
    unitCode,
    options: tasks.map((t) => ({ roundId: t.roundId, form: t.form, label: t.title })),
  }
  const list = numbered(tasks, (t) => `${t.title}（${standing(t, true)}）`).join('\n')
  if (which && tasks.length) {
    // the choice waits as if the list had been shown: a reply to "which one?" is answered by number
    await setPending(c, turn, choice)
    return (await pickFrom(c, turn, choice, which, tasks)) ?? [`没有找到“${which}”。本单位的表如下，请回复序号或表名：\n${list}`]
  }
  if (fillable.length === 0) return ['本单位当前没有需要填报的表。发送“进度”查看详情。']
  if (fillable.length === 1) return openForm(c, turn, unitCode, fillable[0])
  await setPending(c, turn, choice)
  return [`本单位需填报以下表，请回复序号或表名：\n${list}`]
}

/**
 * The clerk picked `text` from the numbered list `choice`: opens the table, or says why not (already
 * submitted, no such number, which of several is meant) and keeps the choice open. Null: not a pick
 * (in a group, a bare reply that is no table's number or name is chatter).
 * Statuses are read afresh: the list may have been shown before a submission.
 */
async function pickFrom(c: Container, turn: ChatTurn, choice: Extract<PendingChoice, { kind: 'pick-form' }>, text: string, known?: Task[]): Promise<string[] | null> {
  const pick = pickForm(text, choice.options)
  if (!pick) return null
  if ('outOfRange' in pick) return [`没有第 ${pick.outOfRange} 张表，请回复 1–${choice.options.length} 的序号或表名。`]
  if ('ambiguous' in pick) return [`“${text}”可指以下几张表，请回复序号：\n${pick.ambiguous.map((i) => `${i + 1}. ${choice.options[i].label}`).join('\n')}`]
  const o = choice.options[pick.index]
  const tasks = known ?? (await c.chat.tasks.forUnit(choice.unitCode))
  const task = tasks.find((t) => t.roundId === o.roundId && t.form === o.form)
  if (!task) {
    await clearPending(c, turn)
    return [`《${o.label}》已不在本轮填报范围内。发送“进度”查看本单位的表。`]
  }
  if (!FILLABLE.includes(task.status)) {
    const what = task.status === 'accepted' ? '已审核通过' : `已提交${task.version ? `（第 ${task.version} 版）` : ''}`
    return [`第 ${pick.index + 1} 张《${task.title}》${what}，无需再填。如需修改，请联系财政局退回后再填报。`]
  }
  await clearPending(c, turn)
  return openForm(c, turn, choice.unitCode, task)
}

export async function openForm(c: Container, turn: ChatTurn, unitCode: string, task: Pick<Task, 'roundId' | 'form' | 'title'> & { status?: Task['status'] }): Promise<string[]> {
  // a task just read as missing has no draft or returned version to load; a refusal (the round is
  // locked, …) becomes chat text at the one boundary, handleTurn
  const r = await c.chat.dialogs.start(turn.place, turn.person, unitCode, task.roundId, task.form, { ...(task.status === 'missing' ? { latest: 'none' } : {}), messageId: turn.id })
  if ('replies' in r) return r.replies
  await setPending(c, turn, { kind: 'takeover', dialogId: r.conflict.dialogId, ownerName: r.conflict.ownerName, label: task.title })
  return [`${r.conflict.ownerName} 正在填报《${task.title}》。如需由您继续，请回复“接管”（已填内容会保留）。`]
}

/** `进度`: what this unit must file, numbered as 填报 lists them, what is in, and how many days are left. */
export async function unitProgress(c: Container, unitCode: string): Promise<string[]> {
  const tasks = await c.chat.tasks.forUnit(unitCode)
  if (tasks.length === 0) return ['本单位当前没有进行中的填报任务。']
  const t0 = tasks[0]
  const when = t0.daysLeft > 0 ? `还剩 ${t0.daysLeft} 天` : t0.daysLeft === 0 ? '今天截止' : `已逾期 ${-t0.daysLeft} 天`
  const lines = numbered(tasks, (t) => `${t.title}：${standing(t)}`)
  const how = tasks.length > 1 && tasks.some((t) => FILLABLE.includes(t.status)) ? '\n发送“填报 序号”填写该表。' : ''
  return [`${t0.roundTitle}\n截止：${t0.deadline.toLocaleDateString('zh-CN', { timeZone: c.config.timezone })}（${when}）\n${lines.join('\n')}${how}`]
}

/** A reply to a question the bot asked outside a form (which form? take over?). Null when it is not one. */
export async function answerPending(c: Container, turn: ChatTurn, unitCode: string | null): Promise<string[] | null> {
  const pending = await chatPendingModel(c.conn).collection.findOne<ChatPending>({ roomId: turn.place.roomId, memberId: turn.person.id })
  if (!pending) return null
  const choice = pending.choice
  const text = turn.text.trim()
  if (choice.kind === 'takeover') {
    if (text !== '接管') return null
    await clearPending(c, turn)
    return c.chat.dialogs.takeover(choice.dialogId, turn.place, turn.person)
  }
  if (choice.kind === 'pick-unit') {
    const picked = choice.options[Number(text) - 1] ?? choice.options.find((o) => text && o.label.includes(text))
    if (!picked) return null
    await clearPending(c, turn)
    await c.chat.bindings.preferUnit(turn.person.id, picked.unitCode)
    return startFiling(c, turn, picked.unitCode)
  }
  if (choice.kind === 'pick-form' && unitCode === choice.unitCode) return pickFrom(c, turn, choice, text)
  return null
}

export async function setPending(c: Container, turn: ChatTurn, choice: PendingChoice): Promise<void> {
  await chatPendingModel(c.conn).updateOne(
    { roomId: turn.place.roomId, memberId: turn.person.id },
    { $set: { choice, createdAt: c.clock.now() } },
    { upsert: true },
  )
}

export async function clearPending(c: Container, turn: ChatTurn): Promise<void> {
  await chatPendingModel(c.conn).deleteOne({ roomId: turn.place.roomId, memberId: turn.person.id })
}
