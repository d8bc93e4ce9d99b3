import { pickForm } from '../forms/form-choice.js'
import type { Task } from '../services/filing/task-service.js'
import type { ChatDeps, ChatTurn } from './chat-deps.js'
import { numbered } from './task-list.js'

/**
 * `模板` (or `模板 2`, `模板 项目表`, numbered and named as for 填报): the unit's fill templates, one XLSX per
 * table — every table of the open round, or the one chosen — sent as files after a short text, through
 * the outbox under the message's id (a message handled twice sends them once). Where the channel cannot
 * send files the replier says where to get them instead (ChatReplier.replyWithFiles).
 */
export async function sendTemplates(d: ChatDeps, turn: ChatTurn, unitCode: string, which = ''): Promise<string[]> {
  const tasks = await d.tasks.forUnit(unitCode)
  if (tasks.length === 0) return ['本单位当前没有需要填报的表，无需模板。发送“进度”查看详情。']
  let chosen: Task[]
  if (which) {
    const options = tasks.map((t) => ({ form: t.form, label: t.title }))
    const pick = pickForm(which, options)
    const list = numbered(tasks, (t) => t.title).join('\n')
    if (!pick) return [`没有找到“${which}”。本单位的表如下，请发送“模板 序号”或“模板 表名”：\n${list}`]
    if ('outOfRange' in pick) return [`没有第 ${pick.outOfRange} 张表。本单位的表如下：\n${list}`]
    if ('ambiguous' in pick)
      return [
        `“${which}”可指以下几张表，请发送“模板 序号”：\n${pick.ambiguous.map((i) => `${i + 1}. ${tasks[i].title}`).join('\n')}`,
      ]
    chosen = [tasks[pick.index]]
  } else {
    // every table of the open round (the first listed: tasks come soonest deadline first)
    chosen = tasks.filter((t) => t.roundId === tasks[0].roundId)
  }
  const files = (await Promise.all(chosen.map((t) => d.templates.forUnit(t.roundId, unitCode, t.form)))).flat()
  if (files.length === 0) return ['暂时无法生成本单位的填报模板，请稍后再试或联系财政局绩效股。']
  const text =
    `以下是本单位${chosen[0].roundTitle}的 Excel 填报模板（${files.length} 个文件）：\n` +
    `${files.map((f) => `· ${f.name}`).join('\n')}\n也可发送“填报”直接在对话中填写。`
  // a WeCom group's push address lets the files go to the group itself
  const room = turn.place.roomId ? await d.bindings.roomBinding(turn.place.roomId) : null
  await d.replier.replyWithFiles(turn.place, turn.person, turn.msg.id, text, files, room?.webhookKey)
  return []
}
