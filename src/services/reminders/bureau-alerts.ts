import { localParts } from '../../domain/local-time.js'
import type { Round } from '../../domain/types.js'
import { groupTarget } from '../../domain/group-target.js'
import { PRIORITY, type OutboxInput } from '../../domain/outbox-message.js'
import type { Reach, UnitInfo } from './reminder-store.js'

/**
 * Units a reminder could not reach (no bound group, no bound member) are not skipped silently: the
 * bureau's own group gets one alert per round, kind and day, and the digests list them. Example:
 *   【催报未送达】2027年1-6月：以下2个单位未绑定微信群或联系人，本次催报无法送达，请电话联系：
 *   示例县档案馆（财务：李娜 13900000057）、…
 */
export function unreachableAlerts(
  round: Round,
  kind: 'reminder' | 'escalation',
  units: readonly UnitInfo[],
  bureauRooms: readonly Reach[],
  now: Date,
  zone: string,
): OutboxInput[] {
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
      target: groupTarget(r),
    }))
}

/**
 * Open rounds fall due in a year whose holidays nobody has entered (the package lacks it, the bureau has
 * no days for it): reminder times would treat 国庆 or 春节 as working days. One alert per year to the
 * bureau's group, kept until it is delivered:
 *   【节假日未录入】2027年的放假和调休安排尚未录入，催报时间只能按周末推算。请录入：PUT /api/admin/calendar …
 */
export function calendarAlerts(
  years: readonly number[],
  bureauRooms: readonly Reach[],
  notBefore?: Date,
): OutboxInput[] {
  return years.flatMap((year) =>
    bureauRooms
      .filter((r) => r.roomId)
      .map((r, i) => ({
        key: `alert:calendar-unknown:${year}${i === 0 ? '' : `:${r.roomId}`}`,
        account: r.account,
        priority: PRIORITY.alert,
        meta: { kind: 'alert' },
        text:
          `【节假日未录入】${year}年的放假和调休安排尚未录入（节假日数据包还没有${year}年的数据），催报时间只能按周末推算，节假日里也可能发出催报。\n` +
          `请按国务院办公厅公布的安排录入：PUT /api/admin/calendar，例如 {"days":[{"date":"${year}-10-01","work":false,"name":"国庆节"},{"date":"${year}-09-26","work":true,"name":"国庆节调休上班"}]}`,
        target: groupTarget(r),
        ...(notBefore ? { notBefore } : {}),
      })),
  )
}
