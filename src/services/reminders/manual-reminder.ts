import { formTitles } from '../../forms/titles.js'
import type { BindingRecord } from '../../domain/binding.js'
import type { ChatRoundUnit, CurrentRound, UnitReach } from '../../domain/chat-reads.js'
import { groupTarget, isWecomAccount } from '../../domain/group-target.js'
import { PRIORITY, type Mention, type OutboxPort } from '../../domain/outbox-message.js'

/** What a manual 催报 reads (src/db/repositories/chat-lookups.ts and the binding repository answer). */
export interface ManualReminderReads {
  roundUnit(roundId: string, unitCode: string): Promise<ChatRoundUnit | null>
  activeBindingsOf(unitCode: string): Promise<UnitReach[]>
}

/** A group's own binding: a WeCom group's push address is there (a shared group's members carry none). */
export interface RoomBindings {
  roomBinding(roomId: string): Promise<BindingRecord | null>
}

export type ManualReminderResult =
  | { kind: 'queued'; place: 'unit-room' | 'shared-room'; roomTopic: string; entry: boolean }
  | { kind: 'not-in-round' }
  | { kind: 'complete' }
  | { kind: 'unreachable' }

/**
 * One 催报 of one unit, from the bureau group or the web console: one message into the unit's own group
 * (or the shared group its members bound in, @mentioning them), through the outbox under `key` (the
 * command message, the console request), so a repeated command does not remind twice.
 */
export class ManualReminders {
  constructor(
    private readonly reads: ManualReminderReads,
    private readonly rooms: RoomBindings,
    private readonly outbox: Pick<OutboxPort, 'enqueue'>,
    private readonly timezone: string,
  ) {}

  async remind(round: CurrentRound, unit: { code: string; name: string }, key: string): Promise<ManualReminderResult> {
    const ru = await this.reads.roundUnit(round.id, unit.code)
    if (!ru) return { kind: 'not-in-round' }
    const missing = ru.forms.filter((f) => !ru.submitted.includes(f))
    // with the round requiring the platform entry, a unit with every form in still owes the entry
    const owesEntry = missing.length === 0 && round.requirePlatformEntry === true && !ru.platformEntry
    if (missing.length === 0 && !owesEntry) return { kind: 'complete' }
    const bindings = await this.reads.activeBindingsOf(unit.code)
    const own = bindings.find((b) => b.kind === 'unit-room' && b.roomId)
    const members = bindings.filter((b) => b.kind === 'member' && b.roomId)
    const target = own ?? members[0]
    if (!target?.roomId) return { kind: 'unreachable' }
    const mentions: Mention[] = own
      ? []
      : members
          .filter((m) => m.roomId === target.roomId)
          .map((m) => ({ id: m.memberId ?? '', name: m.memberName ?? '' }))
    const room = isWecomAccount(target.account) ? await this.rooms.roomBinding(target.roomId) : null
    const due = round.dueAt.toLocaleDateString('zh-CN', { timeZone: this.timezone })
    const text = owesEntry
      ? `【催报】${unit.name}：${round.title}监控表已提交，尚未在预算管理一体化平台完成录入。截止 ${due}，录入后请回复“已录入”。`
      : `【催报】${unit.name}：${round.title}尚未报送：${formTitles(missing).join('、')}。截止 ${due}，请尽快发送“填报”完成。`
    await this.outbox.enqueue({
      key: `manual-reminder:${round.id}:${unit.code}:${key}`,
      account: target.account,
      target: groupTarget({ ...target, webhookKey: room?.webhookKey }, mentions),
      text,
      priority: PRIORITY.reminder,
      meta: { kind: 'manual-reminder', roundId: round.id, unitCodes: [unit.code] },
    })
    return {
      kind: 'queued',
      place: own ? 'unit-room' : 'shared-room',
      roomTopic: target.roomTopic ?? '',
      entry: owesEntry,
    }
  }
}

/** The result as one Chinese line, the same in the bureau group and the console. */
export function manualReminderText(unitName: string, r: ManualReminderResult): string {
  switch (r.kind) {
    case 'queued':
      return `已向「${unitName}」${r.place === 'unit-room' ? '工作群' : `所在群「${r.roomTopic}」`}发送${r.entry ? '平台录入' : ''}催报。`
    case 'not-in-round':
      return `「${unitName}」不在本轮填报范围内。`
    case 'complete':
      return `「${unitName}」已报齐，无需催报。`
    case 'unreachable':
      return `「${unitName}」没有绑定的工作群或成员，请电话联系。`
  }
}
