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

  /**
   * The bureau's 再次提醒 from the console: the same reminder at once, whether or not one was sent
   * already. Keyed with the time of the request (`notice-follow-up:<id>:<room>:<ms>`) so it is not
   * mistaken for the scheduled one; a double click within the same millisecond still sends once.
   */
  async resend(n: NoticeRecord): Promise<{ groups: number; units: number }> {
    return this.remind(n, `:${this.clock.now().getTime()}`)
  }

  private async followUp(n: NoticeRecord): Promise<number> {
    return (await this.remind(n, '')).groups
  }

  private async remind(n: NoticeRecord, keySuffix: string): Promise<{ groups: number; units: number }> {
    const status = await this.notices.status(n)
    const silent = status.units.filter((u) => u.delivery === 'sent' && !u.acknowledged)
    if (silent.length === 0) return { groups: 0, units: 0 }
    const codes = silent.map((u) => u.unitCode)
    const units = await this.notices.targetUnits({ kind: 'units', codes })
    // re-routed with today's bindings, but only into groups the notice itself reached
    const reached = new Set(n.routes.map((r) => r.roomId))
    const reach = await this.notices.reach(codes)
    const routes = routeNotice(n.id, units, reach).routes.filter((r) => reached.has(r.roomId))
    const names = new Map(silent.map((u) => [u.unitCode, u.unitName]))
    const keys = webhookKeys(reach)
    const groups = await this.outbox.enqueueMany(routes.map((r) => followUpMessage(n.id, n, r, names, keys, keySuffix)))
    return { groups, units: new Set(routes.flatMap((r) => r.unitCodes)).size }
  }
}
