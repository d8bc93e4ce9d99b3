import type { Container } from '../../src/container.js'
import { roundModel } from '../../src/db/models/round.js'
import { argumentOf, type ChatTurn } from '../chat-turn.js'
import { UNIT_HELP } from './unit-commands.js'
import { manualReminder } from './manual-reminder.js'

export const BUREAU_COMMANDS = ['解绑', '催报']

/** One WeChat message stays readable (and within the platform's limit) below this many characters. */
export const MAX_CHARS = 1500

const BUREAU_HELP = '财政局工作群命令：\n· 进度 —— 本轮填报进度和未报单位\n· 催报 单位代码或名称 —— 向该单位发催报\n· 解绑 单位代码或名称 —— 解除该单位的群绑定\n· 通知 全部：标题 正文 —— 向单位群发通知（也可用 乡镇、部门、标签或单位代码），回复“确认”后发送\n· 通知情况 —— 最近一条通知的送达和收到情况'

/** Commands in the bureau's own group; its members are bureau staff. */
export async function bureauCommand(c: Container, turn: ChatTurn, keyword: string): Promise<string[]> {
  const arg = argumentOf(turn.text)
  switch (keyword) {
    case '进度':
      return roundProgress(c)
    case '催报': {
      const unit = await c.chat.bindings.findUnit(arg)
      if (!unit) return [`找不到单位“${arg}”，请发送单位代码或完整名称。`]
      return [await manualReminder(c, unit, turn)]
    }
    case '解绑': {
      const unit = await c.chat.bindings.findUnit(arg)
      if (!unit) return [`找不到单位“${arg}”，请发送单位代码或完整名称。`]
      const n = await c.chat.bindings.unbindUnit(unit.code)
      return [n ? `已解除「${unit.name}」的 ${n} 个绑定。` : `「${unit.name}」没有有效的绑定。`]
    }
    case '帮助':
      return [BUREAU_HELP]
    default:
      return turn.mentioned ? [BUREAU_HELP] : []
  }
}

/** `进度`: counts for the open round, then the missing units' names, merged into as few messages as fit. */
async function roundProgress(c: Container): Promise<string[]> {
  const round = await roundModel(c.conn).findOne({ status: 'open' }, { title: 1 }).sort({ dueAt: 1 }).lean()
  if (!round) return ['当前没有进行中的填报轮次。']
  const p = await c.services.progress.round(String(round._id), { kind: 'all' }, { limit: 1, offset: 0 })
  const head = `${round.title}\n应报 ${p.expected}，已报 ${p.submitted}（按时 ${p.onTime}，逾期 ${p.late}），未报 ${p.missing}`
  const missing = await c.services.progress.missingUnits(String(round._id))
  if (missing.length === 0) return [head]
  return packLines(head + '\n未报单位：', missing.map((u) => `${u.unitName}${u.partial ? '（部分）' : ''}`), '、')
}

/** Joins items after a head into messages no longer than MAX_CHARS each. */
export function packLines(head: string, items: string[], sep: string): string[] {
  const out: string[] = []
  let current = head
  for (const item of items) {
    const next = current.endsWith('：') || current === '' ? current + item : current + sep + item
    if (next.length > MAX_CHARS) {
      out.push(current)
      current = item
    } else current = next
  }
  if (current) out.push(current)
  return out
}

export { UNIT_HELP }
