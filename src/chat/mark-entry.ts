import type { ChatDeps, ChatTurn } from './chat-deps.js'

/**
 * `已录入 <单位代码或名称>` in the bureau group: the bureau marks a unit entered in the provincial
 * platform (it saw the figures there). Unlike a unit's own 已录入 it does not wait for the forms; the
 * reply says when some are still missing.
 */
export async function markEntry(d: ChatDeps, turn: ChatTurn, arg: string): Promise<string> {
  if (!arg) return '请发送“已录入 单位代码或名称”。'
  const unit = await d.bindings.findUnit(arg)
  if (!unit) return `找不到单位“${arg}”，请发送单位代码或完整名称。`
  const round = await d.lookups.currentRound()
  if (!round) return '当前没有进行中的填报轮次。'
  const ru = await d.lookups.roundUnit(round.id, unit.code)
  if (!ru) return `「${unit.name}」不在本轮填报范围内。`
  const r = await d.entries.markEntered(round.id, [unit.code], 'bureau', turn.person.name)
  const prior = r.already[0]?.platformEntry
  if (prior) {
    const day = prior.at.toLocaleDateString('zh-CN', { timeZone: d.timezone })
    return `「${unit.name}」已登记为平台已录入（${prior.by}，${day}），未作改动。`
  }
  const missing = ru.forms.filter((f) => !ru.submitted.includes(f)).length
  return `已登记「${unit.name}」平台已录入。${missing > 0 ? `注意：该单位还有 ${missing} 张监控表未提交。` : ''}`
}
