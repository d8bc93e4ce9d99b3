import type { Clock } from '../../clock.js'
import type { NoticeRecord } from '../../domain/notice.js'
import type { OutboxPort } from '../../domain/outbox-message.js'
import { followUpMessage, routeNotice, webhookKeys } from './notice-routing.js'
import type { NoticeService } from './notice-service.js'

/**
 * After a notice's follow-up delay, one reminder into each group where a target unit was reached but
 * has not acknowledged, naming those units (@ their contacts or bound members). Each notice is claimed
 * by setting `followedUpAt` in one conditional update, and the messages are keyed
 * `notice-follow-up:<id>:<room>`, so overlapping job runs never remind twice.
 */
export class NoticeFollowUps {
  constructor(
    private readonly notices: NoticeService,
    private readonly outbox: OutboxPort,
    private readonly clock: Clock,
  ) {}

  /** Returns how many follow-up messages were queued. */
  async sendDue(): Promise<number> {
    const now = this.clock.now()
    let queued = 0
    for (;;) {
      const n = await this.notices.notices.claimFollowUp(now)
      if (!n) return queued
      queued += await this.followUp(n)
    }
  }

  private async followUp(n: NoticeRecord): Promise<number> {
    const status = await this.notices.status(n)
    const silent = status.units.filter((u) => u.delivery === 'sent' && !u.acknowledged)
    if (silent.length === 0) return 0
    const codes = silent.map((u) => u.unitCode)
    const units = await this.notices.targetUnits({ kind: 'units', codes })
    // re-routed with today's bindings, but only into groups the notice itself reached
    const reached = new Set(n.routes.map((r) => r.roomId))
    const reach = await this.notices.reach(codes)
    const routes = routeNotice(n.id, units, reach).routes.filter((r) => reached.has(r.roomId))
    const names = new Map(silent.map((u) => [u.unitCode, u.unitName]))
    const keys = webhookKeys(reach)
    return this.outbox.enqueueMany(routes.map((r) => followUpMessage(n.id, n, r, names, keys)))
  }
}
