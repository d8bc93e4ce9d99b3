import type { Clock } from '../../clock.js'
import type { OutboxInput, OutboxPort } from '../../domain/outbox-message.js'
import { unreachableAlerts } from './bureau-alerts.js'
import { collectDue, loadSweepBasis } from './due-units.js'
import { headEmails } from './head-emails.js'
import { routeGroupReminders } from './route-group-reminders.js'
import type { ReminderStore } from './reminder-store.js'

export interface EscalationResult {
  rounds: number
  units: number
  planned: number
  enqueued: number
  unreachable: number
  /** units whose head has no e-mail address */
  noHeadEmail: number
}

/**
 * The `escalate-overdue` job's service: on the first working day after a unit's (extended) due day
 * (round.escalation.headEmailDay), a firmer reminder in its group and an e-mail to its head. Same bulk
 * shape as the reminder sweep. From day 2 the managers' daily digest (DigestService) takes over; both
 * stop for a unit as soon as it is complete, because only incomplete round units are read.
 */
export class EscalationService {
  constructor(
    private readonly store: ReminderStore,
    private readonly outbox: OutboxPort,
    private readonly clock: Clock,
    private readonly zone: string,
  ) {}

  async escalate(): Promise<EscalationResult> {
    const now = this.clock.now()
    const basis = await loadSweepBasis(this.store)
    const rounds = await collectDue(this.store, basis.rounds, basis.cal, now, this.zone, [
      'firm-reminder',
      'head-email',
    ])
    const result: EscalationResult = {
      rounds: rounds.length,
      units: 0,
      planned: 0,
      enqueued: 0,
      unreachable: 0,
      noHeadEmail: 0,
    }
    if (rounds.length === 0) return result
    const bureauRooms = await this.store.bureauRooms()
    const messages: OutboxInput[] = []
    for (const { round, due, reach } of rounds) {
      const routed = routeGroupReminders(round, due, reach, now, this.zone)
      const mails = headEmails(round, due, now, this.zone)
      messages.push(
        ...routed.messages,
        ...mails.messages,
        ...unreachableAlerts(round, 'escalation', routed.unreachable, bureauRooms, now, this.zone),
      )
      result.units += due.length
      result.unreachable += routed.unreachable.length
      result.noHeadEmail += mails.noAddress.length
    }
    result.planned = messages.length
    result.enqueued = await this.outbox.enqueueMany(messages)
    for (const r of rounds) await this.store.markSwept(r.round.id, r.rules, now)
    return result
  }
}
