import type { Container } from '../../src/container.js'
import type { Task } from '../../src/services/task-service.js'
import type { ChatTurn } from '../chat-turn.js'
import { chatPendingModel, type ChatPending, type PendingChoice } from '../../src/db/models/chat-pending.js'

const STATUS: Record<Task['status'], string> = { missing: '未填报', draft: '草稿', submitted: '已提交', returned: '被退回待修改', accepted: '已审核通过' }

export const UNIT_HELP =
  '我可以帮您填报绩效运行监控表：\n' +
  '· 填报 —— 开始或继续填报本单位的表\n· 进度 —— 查看本单位要报的表和截止时间\n· 继续 —— 恢复暂停的填报\n' +
  '填报中可随时发送：上一步、跳过、查看、修改 序号、帮助、取消、提交'

/** `填报`: the unit's forms still to file; one → start it, several → ask which (by number or name). */
export async function startFiling(c: Container, turn: ChatTurn, unitCode: string): Promise<string[]> {
  const tasks = (await c.chat.tasks.forUnit(unitCode)).filter((t) => t.status === 'missing' || t.status === 'draft' || t.status === 'returned')
  if (tasks.length === 0) return ['本单位当前没有需要填报的表。发送“进度”查看详情。']
  if (tasks.length === 1) return openForm(c, turn, unitCode, tasks[0])
  const choice: PendingChoice = {
    kind: 'pick-form',
    unitCode,
    options: tasks.map((t) => ({ roundId: t.roundId, form: t.form, label: t.title })),
  }
  await setPending(c, turn, choice)
  const lines = tasks.map((t, i) => `${i + 1}. ${t.title}（${STATUS[t.status]}）`)
  return [`本单位需填报以下表，请回复序号或表名：\n${lines.join('\n')}`]
}

export async function openForm(c: Container, turn: ChatTurn, unitCode: string, task: Pick<Task, 'roundId' | 'form' | 'title'> & { status?: Task['status'] }): Promise<string[]> {
  // a task just read as missing has no draft or returned version to load; a refusal (the round is
  // locked, …) becomes chat text at the one boundary, handleTurn
  const r = await c.chat.dialogs.start(turn.place, turn.person, unitCode, task.roundId, task.form, { ...(task.status === 'missing' ? { latest: 'none' } : {}), messageId: turn.id })
  if ('replies' in r) return r.replies
  await setPending(c, turn, { kind: 'takeover', dialogId: r.conflict.dialogId, ownerName: r.conflict.ownerName, label: task.title })
  return [`${r.conflict.ownerName} 正在填报《${task.title}》。如需由您继续，请回复“接管”（已填内容会保留）。`]
}

/** `进度`: what this unit must file, what is in, and how many days are left. */
export async function unitProgress(c: Container, unitCode: string): Promise<string[]> {
  const tasks = await c.chat.tasks.forUnit(unitCode)
  if (tasks.length === 0) return ['本单位当前没有进行中的填报任务。']
  const t0 = tasks[0]
  const when = t0.daysLeft > 0 ? `还剩 ${t0.daysLeft} 天` : t0.daysLeft === 0 ? '今天截止' : `已逾期 ${-t0.daysLeft} 天`
  const lines = tasks.map((t) => `· ${t.title}：${STATUS[t.status]}${t.version ? `（第 ${t.version} 版）` : ''}`)
  return [`${t0.roundTitle}\n截止：${t0.deadline.toLocaleDateString('zh-CN', { timeZone: c.config.timezone })}（${when}）\n${lines.join('\n')}`]
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
  if (choice.kind === 'pick-form' && unitCode === choice.unitCode) {
    const n = Number(text)
    const picked = Number.isInteger(n) && n >= 1 ? choice.options[n - 1] : choice.options.find((o) => text && (o.label.includes(text) || text.includes(o.label)))
    if (!picked) return null
    await clearPending(c, turn)
    return openForm(c, turn, choice.unitCode, { roundId: picked.roundId, form: picked.form as Task['form'], title: picked.label })
  }
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
