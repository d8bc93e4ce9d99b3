import { localParts } from '../domain/local-time.js'
import type { Round } from '../domain/types.js'
import { PRIORITY, type OutboxInput } from '../outbox/message.js'
import type { Reach, UnitInfo } from './reminder-ports.js'

/**
 * Units a reminder could not reach (no bound group, no bound member) are not skipped silently: the
 * bureau's own group gets one alert per round, kind and day, and the digests list them. Example:
 *   【催报未送达】2027年1-6月：以下2个单位未绑定微信群或联系人，本次催报无法送达，请电话联系：
 *   示例县档案馆（财务：李娜 13900000057）、…
 */
export function unreachableAlerts(round: Round, kind: 'reminder' | 'escalation', units: readonly UnitInfo[], bureauRooms: readonly Reach[], now: Date, zone: string): OutboxInput[] {
  if (units.length === 0) return []
  const day = localParts(now, zone).day
  const names = units.map((u) => {
    const f = u.contacts.find((c) => c.role === 'finance')
    return f ? `${u.name}（财务：${f.name}${f.phone ? ` ${f.phone}` : ''}）` : u.name
  })
  const text = `【催报未送达】${round.title}：以下${units.length}个单位未绑定微信群或联系人，本次${kind === 'reminder' ? '催报' : '逾期催办'}无法送达，请电话联系：\n${names.join('\n')}\n（在单位群里发送“绑定 单位代码”即可绑定。）`
  return bureauRooms
    .filter((r) => r.roomId)
    .map((r, i) => ({
      key: `alert:${round.id}:unreachable-${kind}:${day}${i === 0 ? '' : `:${r.roomId}`}`,
      account: r.account,
      priority: PRIORITY.alert,
      meta: { kind: 'alert', roundId: round.id, unitCodes: units.map((u) => u.code) },
      text,
      target: { channel: 'wechat' as const, roomId: r.roomId, roomTopic: r.roomTopic },
    }))
}
