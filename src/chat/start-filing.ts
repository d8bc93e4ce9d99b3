import { pickForm as pickOf } from '../forms/form-choice.js'
import type { PendingChoice } from '../domain/pending-choice.js'
import type { ChatDeps, ChatTurn } from './chat-deps.js'
import { openForm } from './open-form.js'
import { pickForm } from './pick-form.js'
import { FILLABLE, numbered, standing } from './task-list.js'

/**
 * `填报` (or `填报 2`, `填报 项目表`): the unit's tables of the round with their numbers; only one still to
 * file → start it, several → ask which (by number or name). The choice waits as the person's pending choice.
 */
export async function startFiling(d: ChatDeps, turn: ChatTurn, unitCode: string, which = ''): Promise<string[]> {
  // the round units read for the list are the ones the form opens on (no second read in this turn)
  const { tasks, rows } = await d.tasks.withRows(unitCode)
  const fillable = tasks.filter((t) => FILLABLE.includes(t.status))
  const choice: PendingChoice = {
    kind: 'pick-form',
    unitCode,
    options: tasks.map((t) => ({ roundId: t.roundId, form: t.form, label: t.title })),
  }
  const list = numbered(tasks, (t) => `${t.title}（${standing(t, true)}）`).join('\n')
  if (which && tasks.length) {
    // the choice waits as if the list had been shown: a reply to "which one?" is answered by number
    await d.pending.set(turn.place.roomId, turn.person.id, choice)
    const pick = pickOf(which, choice.options)
    if (pick) return pickForm(d, turn, choice, which, pick, { tasks, rows })
    return [`没有找到“${which}”。本单位的表如下，请回复序号或表名：\n${list}`]
  }
  if (fillable.length === 0) return ['本单位当前没有需要填报的表。发送“进度”查看详情。']
  if (fillable.length === 1) return openForm(d, turn, unitCode, fillable[0], rows)
  await d.pending.set(turn.place.roomId, turn.person.id, choice)
  return [`本单位需填报以下表，请回复序号或表名：\n${list}`]
}
