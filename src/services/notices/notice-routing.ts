import type { BindingRecord } from '../../domain/binding.js'
import type { NoticeRoute } from '../../domain/notice.js'
import type { Unit } from '../../domain/types.js'
import { groupTarget } from '../../domain/group-target.js'
import { PRIORITY, type Mention, type OutboxInput } from '../../domain/outbox-message.js'

export type RoutedUnit = Pick<Unit, 'code' | 'name' | 'contacts'>

export interface NoticeRouting {
  routes: NoticeRoute[]
  noGroup: string[]
}

/**
 * Where a notice goes, pure, following the reminders' routing (reminders/route-group-reminders.ts): a unit's own
 * group first (@ its finance contacts); otherwise every shared group where its members bound themselves,
 * one route per group for all its target units (@ those members); otherwise nowhere — the unit is
 * listed in `noGroup` (a member bound only in a private chat is not a group). Units sorted by code.
 */
export function routeNotice(
  noticeId: string,
  units: readonly RoutedUnit[],
  bindings: readonly BindingRecord[],
): NoticeRouting {
  const routes = new Map<string, NoticeRoute>()
  const noGroup: string[] = []
  const topics = new Map(
    bindings.filter((b) => b.kind === 'shared-room' && b.roomId).map((b) => [b.roomId as string, b.roomTopic ?? '']),
  )
  const sorted = [...units].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  for (const unit of sorted) {
    const own = bindings.filter((b) => b.kind === 'unit-room' && b.unitCode === unit.code && b.roomId)
    const members = bindings.filter(
      (b) => b.kind === 'member' && b.unitCode === unit.code && b.roomId && topics.has(b.roomId),
    )
    if (own.length === 0 && members.length === 0) {
      noGroup.push(unit.code)
      continue
    }
    const reach = own.length > 0 ? own : members
    for (const b of reach) {
      const roomId = b.roomId as string
      const route = routes.get(roomId) ?? {
        roomId,
        roomTopic: own.length > 0 ? (b.roomTopic ?? '') : (topics.get(roomId) ?? ''),
        account: b.account,
        kind: own.length > 0 ? ('unit-room' as const) : ('shared-room' as const),
        unitCodes: [],
        key: `notice:${noticeId}:${roomId}`,
        mentions: [],
      }
      routes.set(roomId, route)
      if (!route.unitCodes.includes(unit.code)) route.unitCodes.push(unit.code)
      const add = own.length > 0 ? financeMentions(unit) : [{ id: b.memberId, name: b.memberName ?? '' }]
      for (const m of add)
        if (!route.mentions.some((x) => (x.id && x.id === m.id) || (!x.id && x.name === m.name))) route.mentions.push(m)
    }
  }
  return { routes: [...routes.values()], noGroup }
}

export interface NoticeText {
  title: string
  body: string
  ackRequired: boolean
  ackKeyword: string
}

/**
 * The WeCom groups' webhook keys by roomId, from the bindings read for routing. Kept out of NoticeRoute:
 * routes are stored with the notice and returned by its API, the key is a secret.
 */
export function webhookKeys(bindings: readonly BindingRecord[]): Map<string, string> {
  return new Map(
    bindings
      .filter((b) => (b.kind === 'unit-room' || b.kind === 'shared-room') && b.roomId && b.webhookKey)
      .map((b) => [b.roomId as string, b.webhookKey as string]),
  )
}

/** The outbox message of one route; scheduled notices wait in the outbox until `notBefore`. */
export function noticeMessage(
  noticeId: string,
  n: NoticeText,
  route: NoticeRoute,
  names: ReadonlyMap<string, string>,
  notBefore: Date,
  keys: ReadonlyMap<string, string> = new Map(),
): OutboxInput {
  const ask = !n.ackRequired
    ? ''
    : route.kind === 'shared-room'
      ? `\n\n请以下单位收到后回复“${n.ackKeyword}”：${route.unitCodes.map((u) => names.get(u) ?? u).join('、')}`
      : `\n\n收到后请回复“${n.ackKeyword}”。`
  return {
    key: route.key,
    account: route.account,
    target: routeTarget(route, keys),
    text: `【通知】${n.title}${n.body ? `\n${n.body}` : ''}${ask}`,
    priority: PRIORITY.notice,
    notBefore,
    meta: { kind: 'notice', noticeId, unitCodes: route.unitCodes },
  }
}

/** The one follow-up into a group: `route` is the group re-routed for the silent units only. */
export function followUpMessage(
  noticeId: string,
  n: NoticeText,
  route: NoticeRoute,
  names: ReadonlyMap<string, string>,
  keys: ReadonlyMap<string, string> = new Map(),
  keySuffix = '',
): OutboxInput {
  const who = route.unitCodes.map((u) => names.get(u) ?? u).join('、')
  return {
    key: `notice-follow-up:${noticeId}:${route.roomId}${keySuffix}`,
    account: route.account,
    target: routeTarget(route, keys),
    text: `【通知提醒】《${n.title}》尚未收到 ${who} 的回复，请阅读通知后回复“${n.ackKeyword}”。`,
    priority: PRIORITY.notice,
    meta: { kind: 'notice-follow-up', noticeId, unitCodes: route.unitCodes },
  }
}

function routeTarget(route: NoticeRoute, keys: ReadonlyMap<string, string>) {
  return groupTarget({ ...route, webhookKey: keys.get(route.roomId) }, route.mentions)
}

/** The unit's finance contacts; the mobile number is how a WeCom group robot @s them (no userid known). */
function financeMentions(unit: RoutedUnit): Mention[] {
  return unit.contacts
    .filter((c) => c.role === 'finance')
    .map((c) => ({ name: c.wechatName ?? c.name, ...(c.phone ? { mobile: c.phone } : {}) }))
}
