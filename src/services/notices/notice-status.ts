import type { NoticeRecord } from '../../domain/notice.js'
import type { OutboxDelivery } from '../../domain/outbox-message.js'
import { describeTargets } from '../../domain/notice-targets.js'

export type NoticeDelivery = 'pending' | 'sent' | 'failed' | 'no-group'

export interface NoticeUnitStatus {
  unitCode: string
  unitName: string
  delivery: NoticeDelivery
  roomTopic?: string
  sentAt?: Date
  error?: string
  acknowledged: boolean
  ackBy?: string
  ackAt?: Date
}

export interface NoticeStatus {
  id: string
  title: string
  targets: string
  status: NoticeRecord['status']
  sendAt: Date
  ackRequired: boolean
  ackKeyword: string
  followUpAt?: Date
  followedUpAt?: Date
  counts: {
    units: number
    groups: number
    delivered: number
    pending: number
    failed: number
    noGroup: number
    acknowledged: number
    notAcknowledged: number
  }
  units: NoticeUnitStatus[]
}

const RANK: Record<NoticeDelivery, number> = { sent: 3, pending: 2, failed: 1, 'no-group': 0 }

/**
 * Per-unit status of a notice, pure: delivery from the outbox message of the unit's group ('sending'
 * counts as pending; 'failed' — waiting for a retry — and 'dead' as failed, with the error; with two own
 * groups the better state wins), acknowledgement from the notice. `notAcknowledged` counts units reached but silent.
 */
export function buildNoticeStatus(
  n: NoticeRecord,
  messages: readonly OutboxDelivery[],
  names: ReadonlyMap<string, string>,
): NoticeStatus {
  const byKey = new Map(messages.map((m) => [m.key, m]))
  const routesOf = new Map<string, NoticeRecord['routes']>()
  for (const r of n.routes) for (const u of r.unitCodes) routesOf.set(u, [...(routesOf.get(u) ?? []), r])
  const acks = new Map(n.acks.map((a) => [a.unitCode, a]))
  const units = n.unitCodes.map((unitCode): NoticeUnitStatus => {
    let best: NoticeUnitStatus = {
      unitCode,
      unitName: names.get(unitCode) ?? unitCode,
      delivery: 'no-group',
      acknowledged: false,
    }
    for (const r of routesOf.get(unitCode) ?? []) {
      const m = byKey.get(r.key)
      const delivery: NoticeDelivery =
        !m || m.state === 'pending' || m.state === 'sending' ? 'pending' : m.state === 'sent' ? 'sent' : 'failed'
      if (best.delivery !== 'no-group' && RANK[delivery] <= RANK[best.delivery]) continue
      best = {
        ...best,
        delivery,
        roomTopic: r.roomTopic,
        sentAt: m?.sentAt,
        error: delivery === 'failed' ? m?.lastError : undefined,
      }
    }
    const ack = acks.get(unitCode)
    return ack ? { ...best, acknowledged: true, ackBy: ack.memberName, ackAt: ack.at } : best
  })
  const count = (d: NoticeDelivery) => units.filter((u) => u.delivery === d).length
  return {
    id: n.id,
    title: n.title,
    targets: describeTargets(n.targets),
    status: n.status,
    sendAt: n.sendAt,
    ackRequired: n.ackRequired,
    ackKeyword: n.ackKeyword,
    followUpAt: n.followUpAt,
    followedUpAt: n.followedUpAt,
    counts: {
      units: units.length,
      groups: n.routes.length,
      delivered: count('sent'),
      pending: count('pending'),
      failed: count('failed'),
      noGroup: count('no-group'),
      acknowledged: units.filter((u) => u.acknowledged).length,
      notAcknowledged: units.filter((u) => u.delivery === 'sent' && !u.acknowledged).length,
    },
    units,
  }
}
