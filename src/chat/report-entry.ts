import { formTitles } from '../forms/titles.js'
import type { ChatDeps, ChatTurn } from './chat-deps.js'

/**
 * `已录入` from a unit (its group, or a private chat when bound): the unit says its figures are entered
 * in the provincial platform too. Recorded with who said it, but only once every form of the round is
 * submitted — entering figures the bureau has not received yet is not what the bureau asked for:
 *   本单位还有以下监控表未提交：项目支出绩效目标执行监控表。请先发送“填报”完成提交，在平台录入后再回复“已录入”。
 */
export async function reportEntry(d: ChatDeps, turn: ChatTurn, unitCode: string): Promise<string[]> {
  const round = await d.lookups.currentRound()
  if (!round) return ['当前没有进行中的填报轮次。']
  const ru = await d.lookups.roundUnit(round.id, unitCode)
  if (!ru) return ['本单位不在本轮填报范围内。']
  const missing = ru.forms.filter((f) => !ru.submitted.includes(f))
  if (missing.length > 0)
    return [
      `本单位还有以下监控表未提交：${formTitles(missing).join('、')}。请先发送“填报”完成提交，在平台录入后再回复“已录入”。`,
    ]
  const r = await d.entries.markEntered(round.id, [unitCode], 'chat', turn.person.name)
  const prior = r.already[0]?.platformEntry
  if (prior) {
    const day = prior.at.toLocaleDateString('zh-CN', { timeZone: d.timezone })
    return [`本单位已登记为平台已录入（${prior.by}，${day}），无需重复登记。`]
  }
  return [`已登记：本单位${round.title}的数据已在预算管理一体化平台录入（登记人：${turn.person.name}）。谢谢！`]
}
