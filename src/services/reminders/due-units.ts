import { unitDeadline } from '../../domain/deadline.js'
import {
  dueActions,
  planSlots,
  roundActive,
  type ActionKind,
  type DueAction,
  type Slot,
} from '../../domain/reminder-policy.js'
import type { Round } from '../../domain/types.js'
import { WorkCalendar, type WorkDays } from '../../domain/work-calendar.js'
import type { PendingUnit, Reach, ReminderStore, UnitInfo } from './reminder-store.js'

export interface DueUnit {
  unit: UnitInfo
  status: PendingUnit
  actions: DueAction[]
}

export interface RoundDue {
  round: Round
  due: DueUnit[]
  /** where the due units are reached (their bindings and the shared rooms they sit in) */
  reach: Reach[]
  /** slot rules planned in this pass: mark them swept once the outbox has the messages */
  rules: string[]
}

/**
 * The open rounds and the working-day calendar with the bureau's overrides (a few rows), read fresh
 * at each sweep in one round trip.
 */
export async function loadSweepBasis(store: ReminderStore): Promise<{ rounds: Round[]; cal: WorkCalendar }> {
  const [rounds, overrides] = await Promise.all([store.openRounds(), store.calendarOverrides()])
  return { rounds, cal: new WorkCalendar(overrides) }
}

/**
 * Which units of which open rounds have an action of `kinds` due now. Work is proportional to rounds:
 * the plan is computed once per distinct deadline (the round's, plus the few extensions), and a round
 * with no unswept slot open right now — most sweeps: slots are a few hours a week and each is
 * planned once — costs three small queries. Otherwise: one query for the incomplete round units,
 * then their units and their bindings side by side (for a large round, all three at once: see
 * ReminderStore.pendingDue).
 */
export async function collectDue(
  store: ReminderStore,
  rounds: readonly Round[],
  cal: WorkDays,
  now: Date,
  zone: string,
  kinds: readonly ActionKind[],
): Promise<RoundDue[]> {
  const out: RoundDue[] = []
  for (const round of rounds) {
    if (!roundActive(round, now)) continue
    const plans = new Map<number, Slot[]>()
    const [extensions, swept] = await Promise.all([
      store.extensionDeadlines(round.id, round.requirePlatformEntry ?? false),
      store.sweptRules(round.id),
    ])
    const rules = new Set<string>()
    for (const deadline of [round.dueAt, ...extensions]) {
      const open = planSlots(round, deadline, cal, zone).filter(
        (s) => kinds.includes(s.kind) && s.at <= now && now < s.until && !swept.includes(s.rule),
      )
      if (open.length === 0) continue
      plans.set(deadline.getTime(), open)
      for (const s of open) rules.add(s.rule)
    }
    if (plans.size === 0) continue
    const actions = new Map<PendingUnit, DueAction[]>()
    const keep = (status: PendingUnit): boolean => {
      const slots = plans.get(unitDeadline(round, status).getTime())
      const due = slots ? dueActions(round, status, cal, now, zone, slots) : []
      if (due.length > 0) actions.set(status, due)
      return due.length > 0
    }
    const {
      statuses,
      units: unitList,
      reach,
    } = await store.pendingDue(round.id, keep, plans.has(round.dueAt.getTime()), round.requirePlatformEntry ?? false)
    const units = new Map(unitList.map((u) => [u.code, u]))
    const due = statuses.flatMap((status) => {
      const unit = units.get(status.unitCode)
      return unit ? [{ unit, status, actions: actions.get(status) ?? [] }] : []
    })
    out.push({ round, due, reach, rules: [...rules] })
  }
  return out
}
