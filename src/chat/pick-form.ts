import type { FormPick } from '../forms/form-choice.js'
import type { PendingChoice } from '../domain/pending-choice.js'
import type { Task } from '../services/filing/task-service.js'
import type { UnitRound } from '../services/filing/edit-refusal.js'
import type { ChatDeps, ChatTurn } from './chat-deps.js'
import { openForm } from './open-form.js'
import { FILLABLE } from './task-list.js'

/**
 * The clerk picked entry `pick` of the numbered list `choice` ("2", "项目表"): opens the table, or says
 * why not (already submitted, no such number, which of several is meant) and keeps the choice open.
 * Statuses are read afresh: the list may have been shown before a submission.
 */
export async function pickForm(
  d: ChatDeps,
  turn: ChatTurn,
  choice: Extract<PendingChoice, { kind: 'pick-form' }>,
  text: string,
  pick: NonNullable<FormPick>,
  /** the unit's tasks and the round units they were read from, when this turn read them already */
  known?: { tasks: Task[]; rows: UnitRound[] },
): Promise<string[]> {
  if ('outOfRange' in pick) return [`没有第 ${pick.outOfRange} 张表，请回复 1–${choice.options.length} 的序号或表名。`]
  if ('ambiguous' in pick)
    return [
      `“${text}”可指以下几张表，请回复序号：\n${pick.ambiguous.map((i) => `${i + 1}. ${choice.options[i].label}`).join('\n')}`,
    ]
  const o = choice.options[pick.index]
  const { tasks, rows } = known ?? (await d.tasks.withRows(choice.unitCode))
  const task = tasks.find((t) => t.roundId === o.roundId && t.form === o.form)
  if (!task) {
    await d.pending.clear(turn.place.roomId, turn.person.id)
    return [`《${o.label}》已不在本轮填报范围内。发送“进度”查看本单位的表。`]
  }
  if (!FILLABLE.includes(task.status)) {
    const what = task.status === 'accepted' ? '已审核通过' : `已提交${task.version ? `（第 ${task.version} 版）` : ''}`
    return [`第 ${pick.index + 1} 张《${task.title}》${what}，无需再填。如需修改，请联系财政局退回后再填报。`]
  }
  await d.pending.clear(turn.place.roomId, turn.person.id)
  return openForm(d, turn, choice.unitCode, task, rows)
}
