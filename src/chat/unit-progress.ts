import type { ChatDeps } from './chat-deps.js'
import { entryLine } from './entry-line.js'
import { FILLABLE, numbered, standing } from './task-list.js'

/**
 * `进度`: what this unit must file, numbered as 填报 lists them, what is in, how many days are left, and
 * (entered, or the round requires it) where the platform entry stands.
 */
export async function unitProgress(d: ChatDeps, unitCode: string): Promise<string[]> {
  const tasks = await d.tasks.forUnit(unitCode)
  if (tasks.length === 0) return ['本单位当前没有进行中的填报任务。']
  const t0 = tasks[0]
  const when = t0.daysLeft > 0 ? `还剩 ${t0.daysLeft} 天` : t0.daysLeft === 0 ? '今天截止' : `已逾期 ${-t0.daysLeft} 天`
  const lines = numbered(tasks, (t) => `${t.title}：${standing(t)}`)
  const how = tasks.length > 1 && tasks.some((t) => FILLABLE.includes(t.status)) ? '\n发送“填报 序号”填写该表。' : ''
  const entry = await entryOf(d, t0.roundId, unitCode)
  return [
    `${t0.roundTitle}\n截止：${t0.deadline.toLocaleDateString('zh-CN', { timeZone: d.timezone })}（${when}）\n${lines.join('\n')}${how}${entry ? `\n${entry}` : ''}`,
  ]
}

/** The entry line for the open round the tasks start with (none for another round). */
async function entryOf(d: ChatDeps, roundId: string, unitCode: string): Promise<string> {
  const round = await d.lookups.currentRound()
  if (!round || round.id !== roundId) return ''
  const ru = await d.lookups.roundUnit(round.id, unitCode)
  return ru ? entryLine(round, ru, d.timezone) : ''
}
