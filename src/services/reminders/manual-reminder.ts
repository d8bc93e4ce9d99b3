import { formTitles } from '../../forms/titles.js'
import type { BindingRecord } from '../../domain/binding.js'
import type { ChatRoundUnit, CurrentRound, UnitReach } from '../../domain/chat-reads.js'
import { groupTarget, isWecomAccount } from '../../domain/group-target.js'
import { PRIORITY, type Mention, type OutboxInput, type OutboxPort } from '../../domain/outbox-message.js'

/** What a manual 催报 reads (src/db/repositories/chat-lookups.ts and the binding repository answer). */
export interface ManualReminderReads {
  /** the round units of these units (absent: not in the round) */
  roundUnitsOf(roundId: string, unitCodes: string[]): Promise<Map<string, ChatRoundUnit>>
  /** each unit's active bindings (absent: none) */
  activeBindingsOfUnits(unitCodes: string[]): Promise<Map<string, UnitReach[]>>
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

/** the units a batch reads and enqueues at once (the `$in` lists stay small for the database) */
const BATCH = 500

/**
 * 催报 of units, from the bureau group (one unit) or the web console (one, or every unit still missing a
 * form): one message into each unit's own group (or the shared group its members bound in, @mentioning
 * them), through the outbox under `key` (the command message, the console request), so a repeated
 * command does not remind twice. Many units are read and enqueued in batches: two reads and one insert
 * per batch, not per unit.
 */
export class ManualReminders {
  constructor(
    private readonly reads: ManualReminderReads,
    private readonly rooms: RoomBindings,
    private readonly outbox: Pick<OutboxPort, 'enqueueMany'>,
    private readonly timezone: string,
  ) {}

  async remind(round: CurrentRound, unit: { code: string; name: string }, key: string): Promise<ManualReminderResult> {
    return (await this.remindMany(round, [unit], key))[0]
  }

  /** One result per unit, in the order given. */
  async remindMany(
    round: CurrentRound,
    units: { code: string; name: string }[],
    key: string,
  ): Promise<ManualReminderResult[]> {
    const results: ManualReminderResult[] = []
    for (let i = 0; i < units.length; i += BATCH)
      results.push(...(await this.batch(round, units.slice(i, i + BATCH), key)))
    return results
  }

  private async batch(
    round: CurrentRound,
    units: { code: string; name: string }[],
    key: string,
  ): Promise<ManualReminderResult[]> {
    const codes = units.map((u) => u.code)
    const [rus, reach] = await Promise.all([
      this.reads.roundUnitsOf(round.id, codes),
      this.reads.activeBindingsOfUnits(codes),
    ])
    const due = round.dueAt.toLocaleDateString('zh-CN', { timeZone: this.timezone })
    const messages: OutboxInput[] = []
    const results: ManualReminderResult[] = []
    for (const unit of units) {
      const ru = rus.get(unit.code)
      if (!ru) {
        results.push({ kind: 'not-in-round' })
        continue
      }
      const missing = ru.forms.filter((f) => !ru.submitted.includes(f))
      // with the round requiring the platform entry, a unit with every form in still owes the entry
      const owesEntry = missing.length === 0 && round.requirePlatformEntry === true && !ru.platformEntry
      if (missing.length === 0 && !owesEntry) {
        results.push({ kind: 'complete' })
        continue
      }
      const bindings = reach.get(unit.code) ?? []
      const own = bindings.find((b) => b.kind === 'unit-room' && b.roomId)
      const members = bindings.filter((b) => b.kind === 'member' && b.roomId)
      const target = own ?? members[0]
      if (!target?.roomId) {
        results.push({ kind: 'unreachable' })
        continue
      }
      const mentions: Mention[] = own
        ? []
        : members
            .filter((m) => m.roomId === target.roomId)
            .map((m) => ({ id: m.memberId ?? '', name: m.memberName ?? '' }))
      const room = isWecomAccount(target.account) ? await this.rooms.roomBinding(target.roomId) : null
      messages.push({
        key: `manual-reminder:${round.id}:${unit.code}:${key}`,
        account: target.account,
        target: groupTarget({ ...target, webhookKey: room?.webhookKey }, mentions),
        text: owesEntry
          ? `【催报】${unit.name}：${round.title}监控表已提交，尚未在预算管理一体化平台完成录入。截止 ${due}，录入后请回复“已录入”。`
          : `【催报】${unit.name}：${round.title}尚未报送：${formTitles(missing).join('、')}。截止 ${due}，请尽快发送“填报”完成。`,
        priority: PRIORITY.reminder,
        meta: { kind: 'manual-reminder', roundId: round.id, unitCodes: [unit.code] },
      })
      results.push({
        kind: 'queued',
        place: own ? 'unit-room' : 'shared-room',
        roomTopic: target.roomTopic ?? '',
        entry: owesEntry,
      })
    }
    if (messages.length) await this.outbox.enqueueMany(messages)
    return results
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
