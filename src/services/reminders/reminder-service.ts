import type { Clock } from '../../clock.js'
import { atLocal, deferQuiet, localParts } from '../../domain/local-time.js'
import type { Round } from '../../domain/types.js'
import type { OutboxPort, OutboxInput } from '../../domain/outbox-message.js'
import { calendarAlerts, unreachableAlerts } from './bureau-alerts.js'
import { collectDue, loadSweepBasis } from './due-units.js'
import { routeGroupReminders } from './route-group-reminders.js'
import type { ReminderStore } from './reminder-store.js'

export interface SweepResult {
  /** open rounds with a reminder slot open now */
  rounds: number
  /** units with a reminder due */
  units: number
  /** messages handed to the outbox (before de-duplication by key) */
  planned: number
  /** messages actually inserted (new keys) */
  enqueued: number
  /** units with no bound group or member */
  unreachable: number
  /** years of open rounds' due dates with no holiday data (package or bureau overrides): only weekends count */
  unknownYears: number[]
}

/**
 * The `sweep-reminders` job's service: every open round, the reminder slots open now, one bulk query
 * each for round units, units and bindings, and one `enqueueMany` for everything. Run it every 5
 * minutes, twice, or from two workers: the idempotency keys make the outbox keep one of each.
 */
export class ReminderService {
  constructor(
    private readonly store: ReminderStore,
    private readonly outbox: OutboxPort,
    private readonly clock: Clock,
    private readonly zone: string,
  ) {}

  async sweep(): Promise<SweepResult> {
    const now = this.clock.now()
    const basis = await loadSweepBasis(this.store)
    const rounds = await collectDue(this.store, basis.rounds, basis.cal, now, this.zone, ['reminder'])
    const years = [...new Set(basis.rounds.map((r) => Number(localParts(r.dueAt, this.zone).day.slice(0, 4))))]
    const result: SweepResult = {
      rounds: rounds.length,
      units: 0,
      planned: 0,
      enqueued: 0,
      unreachable: 0,
      unknownYears: years.filter((y) => !basis.cal.knowsYear(y)),
    }
    if (rounds.length === 0 && result.unknownYears.length === 0) return result
    const bureauRooms = await this.store.bureauRooms()
    // the bureau is told once per year (the key) that it has holidays to enter, outside quiet hours
    const messages: OutboxInput[] = calendarAlerts(
      result.unknownYears,
      bureauRooms,
      this.afterQuiet(now, basis.rounds[0]),
    )
    for (const { round, due, reach } of rounds) {
      const routed = routeGroupReminders(round, due, reach, now, this.zone)
      messages.push(
        ...routed.messages,
        ...unreachableAlerts(round, 'reminder', routed.unreachable, bureauRooms, now, this.zone),
      )
      result.units += due.length
      result.unreachable += routed.unreachable.length
    }
    result.planned = messages.length
    result.enqueued = await this.outbox.enqueueMany(messages)
    for (const r of rounds) await this.store.markSwept(r.round.id, r.rules, now)
    return result
  }

  /** The end of the quiet hours `now` falls in (an open round's settings), or undefined outside them. */
  private afterQuiet(now: Date, round: Round | undefined): Date | undefined {
    if (!round) return undefined
    const local = localParts(now, this.zone)
    const at = deferQuiet(local.day, local.time, round.reminders.quietStart, round.reminders.quietEnd)
    return at.day === local.day && at.time === local.time ? undefined : atLocal(at.day, at.time, this.zone)
  }
}
