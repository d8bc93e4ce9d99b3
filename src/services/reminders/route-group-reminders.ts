import type { DueAction } from '../../domain/reminder-policy.js'
import { formTitles } from '../../forms/titles.js'
import { sharedEntryText, sharedGroupText, textInput, type TextInput } from '../../domain/reminder-text.js'
import { ReminderTextMemo } from '../../domain/reminder-text-memo.js'
import type { Round } from '../../domain/types.js'
import { groupTarget } from '../../domain/group-target.js'
import { PRIORITY, type Mention, type OutboxInput } from '../../domain/outbox-message.js'
import type { DueUnit } from './due-units.js'
import type { Reach, UnitInfo } from './reminder-store.js'

/**
 * Turns due group reminders into outbox messages, pure. Routing per unit, first match wins:
 *  1. its own group(s) ('unit-room'): one message listing every missing form, @ the finance contacts;
 *  2. member bindings in shared groups: one merged message per (group, rule) for all its late units,
 *     @ each unit's bound members, split into parts of at most MAX_LINES units;
 *  3. member bindings without a room: a private message to each bound member;
 *  4. nowhere: returned as unreachable, for the bureau alert and digest.
 * Keys: `reminder:<round>:<unit>:<rule>` (own group), `reminder:<round>:room-<roomId>:<rule>:<part>`
 * (shared group; units sorted by code so parts stay stable between sweeps), escalation likewise.
 * A unit that owes only the platform entry (`entry` actions) hears entryText instead of the forms list,
 * and in shared groups is listed in its own message (`…:<rule>:entry-<part>`).
 */
export const MAX_LINES = 15

export interface Routed {
  messages: OutboxInput[]
  unreachable: UnitInfo[]
}

interface Bucket {
  reach: Reach
  action: DueAction
  units: { unit: UnitInfo; missing: DueAction['missing']; members: Mention[] }[]
}

export function routeGroupReminders(
  round: Round,
  due: readonly DueUnit[],
  reach: readonly Reach[],
  now: Date,
  zone: string,
): Routed {
  const own = groupBy(
    reach.filter((r) => r.kind === 'unit-room' && r.roomId),
    (r) => r.unitCode ?? '',
  )
  const members = groupBy(
    reach.filter((r) => r.kind === 'member' && r.memberId),
    (r) => r.unitCode ?? '',
  )
  const topics = new Map(reach.filter((r) => r.kind === 'shared-room' && r.roomId).map((r) => [r.roomId as string, r]))
  const messages: OutboxInput[] = []
  const unreachable: UnitInfo[] = []
  const buckets = new Map<string, Bucket>()
  const texts = new Map<string, TextInput>()
  // each (deadline, missing forms) text is built once; only the unit's name changes between units
  const memo = new ReminderTextMemo(formTitles)
  const words = (a: DueAction): TextInput => {
    const id = `${a.kind}|${a.deadline.getTime()}`
    const t = texts.get(id) ?? textInput(round.title, a.deadline, now, zone, a.kind === 'firm-reminder')
    texts.set(id, t)
    return t
  }
  for (const d of [...due].sort((a, b) => (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0))) {
    const actions = d.actions.filter((a) => a.kind === 'reminder' || a.kind === 'firm-reminder')
    if (actions.length === 0) continue
    const rooms = own.get(d.unit.code) ?? []
    const bound = members.get(d.unit.code) ?? []
    if (rooms.length === 0 && bound.length === 0) {
      unreachable.push(d.unit)
      continue
    }
    for (const a of actions) {
      const text = words(a)
      const base = `${prefix(a)}:${round.id}:${d.unit.code}:${a.rule}`
      const meta = { kind: prefix(a), roundId: round.id, unitCodes: [d.unit.code] }
      const ownText = memo.ownText(text, d.unit.name, a.missing, a.entry === true)
      rooms.forEach((room, i) => {
        const mentions = financeMentions(
          d.unit,
          bound.filter((m) => m.roomId === room.roomId),
        )
        messages.push({
          key: i === 0 ? base : `${base}:${room.roomId}`,
          account: room.account,
          priority: PRIORITY.reminder,
          meta,
          text: ownText,
          target: groupTarget(room, mentions),
        })
      })
      if (rooms.length > 0) continue
      for (const m of bound) {
        if (!m.roomId) {
          messages.push({
            key: `${base}:${m.memberId}`,
            account: m.account,
            priority: PRIORITY.reminder,
            meta,
            text: ownText,
            target: { channel: 'wechat', contactId: m.memberId, contactName: m.memberName },
          })
          continue
        }
        const id = `${m.roomId}|${a.rule}${a.entry ? '|entry' : ''}`
        const bucket = buckets.get(id) ?? {
          reach: { ...(topics.get(m.roomId) ?? m), roomId: m.roomId, account: m.account },
          action: a,
          units: [],
        }
        buckets.set(id, bucket)
        const entry = bucket.units.find((u) => u.unit.code === d.unit.code)
        const mention = { id: m.memberId, name: m.memberName ?? '' }
        if (entry) entry.members.push(mention)
        else bucket.units.push({ unit: d.unit, missing: a.missing, members: [mention] })
      }
    }
  }
  for (const b of buckets.values()) messages.push(...sharedMessages(round, b, words(b.action), memo))
  return { messages, unreachable }
}

function sharedMessages(round: Round, b: Bucket, text: TextInput, memo: ReminderTextMemo): OutboxInput[] {
  const parts = chunk(b.units, MAX_LINES)
  const entry = b.action.entry === true
  const build = entry ? sharedEntryText : sharedGroupText
  return parts.map((units, i) => ({
    key: `${prefix(b.action)}:${round.id}:room-${b.reach.roomId}:${b.action.rule}:${entry ? 'entry-' : ''}${i + 1}`,
    account: b.reach.account,
    priority: PRIORITY.reminder,
    meta: { kind: prefix(b.action), roundId: round.id, unitCodes: units.map((u) => u.unit.code) },
    text: build(
      text,
      units.map((u, n) => memo.sharedLine(i * MAX_LINES + n + 1, u.unit.name, u.missing, entry)),
      { index: i + 1, of: parts.length },
    ),
    target: groupTarget(
      b.reach,
      units.flatMap((u) => u.members),
    ),
  }))
}

/** The unit's finance contacts, with the member id when one of them bound himself in this room. */
function financeMentions(unit: UnitInfo, roomMembers: readonly Reach[]): Mention[] {
  return unit.contacts
    .filter((c) => c.role === 'finance')
    .map((c) => {
      const name = c.wechatName ?? c.name
      const m = roomMembers.find((r) => r.memberName === name || r.memberName === c.name)
      // the mobile number is how a WeCom group robot @s someone it knows no userid for
      return m?.memberId ? { id: m.memberId, name } : { name, ...(c.phone ? { mobile: c.phone } : {}) }
    })
}

function prefix(a: DueAction): string {
  return a.kind === 'reminder' ? 'reminder' : 'escalation'
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>()
  for (const t of items) {
    const list = m.get(key(t))
    if (list) list.push(t)
    else m.set(key(t), [t])
  }
  return m
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
