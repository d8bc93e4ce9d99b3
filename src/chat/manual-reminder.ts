import { formTitles } from '../forms/titles.js'
import { groupTarget, isWecomAccount } from '../domain/group-target.js'
import { PRIORITY, type Mention } from '../domain/outbox-message.js'
import type { ChatDeps, ChatTurn } from './chat-deps.js'

/**
 * `催报 <unit>` from the bureau group: one message into the unit's own group (or the shared group its
 * members bound in, @mentioning them), through the outbox, keyed by the command message.
 */
export async function manualReminder(
  d: ChatDeps,
  unit: { code: string; name: string },
  turn: ChatTurn,
): Promise<string> {
  const round = await d.lookups.currentRound()
  if (!round) return '当前没有进行中的填报轮次。'
  const ru = await d.lookups.roundUnit(round.id, unit.code)
  if (!ru) return `「${unit.name}」不在本轮填报范围内。`
  const missing = ru.forms.filter((f) => !ru.submitted.includes(f))
  // with the round requiring the platform entry, a unit with every form in still owes the entry
  const owesEntry = missing.length === 0 && round.requirePlatformEntry === true && !ru.platformEntry
  if (missing.length === 0 && !owesEntry) return `「${unit.name}」已报齐，无需催报。`
  const bindings = await d.lookups.activeBindingsOf(unit.code)
  const own = bindings.find((b) => b.kind === 'unit-room' && b.roomId)
  const members = bindings.filter((b) => b.kind === 'member' && b.roomId)
  const target = own ?? members[0]
  if (!target?.roomId) return `「${unit.name}」没有绑定的工作群或成员，请电话联系。`
  const mentions: Mention[] = own
    ? []
    : members.filter((m) => m.roomId === target.roomId).map((m) => ({ id: m.memberId ?? '', name: m.memberName ?? '' }))
  // a WeCom group's push address is on the group's own binding (a shared group's members carry none)
  const room = isWecomAccount(target.account) ? await d.bindings.roomBinding(target.roomId) : null
  const due = round.dueAt.toLocaleDateString('zh-CN', { timeZone: d.timezone })
  const text = owesEntry
    ? `【催报】${unit.name}：${round.title}监控表已提交，尚未在预算管理一体化平台完成录入。截止 ${due}，录入后请回复“已录入”。`
    : `【催报】${unit.name}：${round.title}尚未报送：${formTitles(missing).join('、')}。截止 ${due}，请尽快发送“填报”完成。`
  await d.outbox.enqueue({
    key: `manual-reminder:${round.id}:${unit.code}:${turn.msg.id}`,
    account: target.account,
    target: groupTarget({ ...target, webhookKey: room?.webhookKey }, mentions),
    text,
    priority: PRIORITY.reminder,
    meta: { kind: 'manual-reminder', roundId: round.id, unitCodes: [unit.code] },
  })
  return `已向「${unit.name}」${own ? '工作群' : `所在群「${target.roomTopic}」`}发送${owesEntry ? '平台录入' : ''}催报。`
}
