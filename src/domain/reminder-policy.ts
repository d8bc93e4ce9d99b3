import type { EscalationSettings, FormCode, ReminderSettings, RoundStatus } from './types.js'
import type { WorkDays } from './work-calendar.js'
import { unitDeadline } from './deadline.js'
import type { PlatformEntry } from './platform-entry.js'
import { roundLocked } from './lock.js'
import { addDays, atLocal, daysBetween, deferQuiet, isoWeek, localParts, windowEnd } from './local-time.js'

/**
 * The reminder policy, pure: (round settings, unit status, calendar, now) → what is due now.
 *
 * A round's settings give *slots*: 7, 3 and 1 days before the due date at 09:00, the due date at 09:00
 * and 16:00, then escalation on the 1st working day after it. Each slot has a stable rule id; the
 * services build idempotency keys from it (`reminder:<round>:<unit>:before-3@2027-07-10`), so a sweep
 * every 5 minutes finds the same slot several times and the outbox keeps one message.
 *
 * Placement rules, in this order:
 *  - a time inside quiet hours (default 21:00–08:30) defers to the end of them ('22:00' → next 08:30);
 *  - a reminder day that is a weekend or holiday then moves to the previous working day (due Sat
 *    2027-07-10: the due-day reminders go out Fri 07-09; a 1-day slot on the same instant is dropped);
 *  - escalation counts working days after the due day (due Fri: "day 1" is Monday).
 * A slot is due from its instant until the next slot, the start of quiet hours, or midnight — whichever
 * comes first. A slot missed for that whole window (worker down) is not sent late: the next one covers.
 * Nothing is due once the round is not open, after its lock, or when the unit has every form in —
 * unless the round requires the platform entry: then a unit with every form in but not entered keeps
 * its slots, and its actions say `entry` (the words ask for the entry, not for forms).
 * The due instant is the unit's extension when the bureau granted a later one.
 */

export type ActionKind = 'reminder' | 'firm-reminder' | 'head-email'

export interface PolicyRound {
  dueAt: Date
  lockAt?: Date
  status: RoundStatus
  reminders: ReminderSettings
  escalation: EscalationSettings
  /** a unit is done only once entered in the provincial platform too (src/domain/progress-counts.ts) */
  requirePlatformEntry?: boolean
}

export interface PolicyUnit {
  forms: FormCode[]
  submitted: FormCode[]
  complete: boolean
  extensionUntil?: Date
  platformEntry?: Pick<PlatformEntry, 'at'> | null
}

export interface Slot {
  kind: ActionKind
  /** stable id: `before-3@2027-07-10`, `due-1600@2027-07-10`, `firm@2027-07-10`, `head@2027-07-10` */
  rule: string
  at: Date
  until: Date
}

export interface DueAction {
  kind: ActionKind
  rule: string
  at: Date
  deadline: Date
  missing: FormCode[]
  /** the forms are all in; what is due is the platform entry (已提交未录入) */
  entry?: true
}

/** Every slot for one deadline, sorted by time. Units sharing a deadline share the plan (cache it). */
export function planSlots(
  round: Pick<PolicyRound, 'reminders' | 'escalation'>,
  deadline: Date,
  cal: WorkDays,
  zone: string,
): Slot[] {
  const r = round.reminders
  const dueDay = localParts(deadline, zone).day
  const place = (day: string, time: string, move: boolean): { day: string; time: string; at: Date } => {
    const d = deferQuiet(day, time, r.quietStart, r.quietEnd)
    const onDay = move ? cal.previousWorkday(d.day) : d.day
    return { day: onDay, time: d.time, at: atLocal(onDay, d.time, zone) }
  }
  // nearest to the due date first, so on a tie the more urgent wording wins
  const before = [
    ...[...r.dueDayTimes]
      .sort()
      .reverse()
      .map((t) => ({ rule: `due-${t.replace(':', '')}@${dueDay}`, ...place(dueDay, t, true) })),
    ...[...r.daysBefore]
      .filter((n) => n > 0)
      .sort((a, b) => a - b)
      .map((n) => ({ rule: `before-${n}@${dueDay}`, ...place(addDays(dueDay, -n), r.time, true) })),
  ].filter((s) => s.at <= deadline)
  const seen = new Set<number>()
  const reminders = before
    .filter((s) => !seen.has(s.at.getTime()) && seen.add(s.at.getTime()))
    .sort((a, b) => a.at.getTime() - b.at.getTime())

  const slots: Slot[] = reminders.map((s, i) => {
    const end = windowEnd(s.day, s.time, r.quietStart, zone)
    const next = reminders[i + 1]?.at
    const until = [end, deadline, ...(next ? [next] : [])].reduce((a, b) => (b < a ? b : a))
    return { kind: 'reminder', rule: s.rule, at: s.at, until }
  })
  const firm = place(cal.workdayAfter(dueDay, Math.max(1, round.escalation.headEmailDay)), r.time, false)
  const until = windowEnd(firm.day, firm.time, r.quietStart, zone)
  slots.push(
    { kind: 'firm-reminder', rule: `firm@${dueDay}`, at: firm.at, until },
    { kind: 'head-email', rule: `head@${dueDay}`, at: firm.at, until },
  )
  return slots
}

/** Forms still missing: those the unit files minus those with a final submission. */
export function missingForms(unit: Pick<PolicyUnit, 'forms' | 'submitted'>): FormCode[] {
  return unit.forms.filter((f) => !unit.submitted.includes(f))
}

/**
 * Whether what is still owed is the platform entry: the round requires it, every form is in, and the
 * unit is not entered — the reminder policy's side of the rule in src/domain/progress-counts.ts.
 */
export function owesEntry(round: Pick<PolicyRound, 'requirePlatformEntry'>, unit: PolicyUnit): boolean {
  if (!round.requirePlatformEntry || unit.platformEntry?.at) return false
  return unit.complete || missingForms(unit).length === 0
}

/** Whether anything may be sent for this round at all right now. */
export function roundActive(round: Pick<PolicyRound, 'status' | 'lockAt'>, now: Date): boolean {
  return round.status === 'open' && !roundLocked(round, now)
}

/** The actions due now for one unit; pass `slots` from planSlots to reuse a plan across units. */
export function dueActions(
  round: PolicyRound,
  unit: PolicyUnit,
  cal: WorkDays,
  now: Date,
  zone: string,
  slots?: Slot[],
): DueAction[] {
  if (!roundActive(round, now)) return []
  const entry = owesEntry(round, unit)
  const missing = missingForms(unit)
  if (!entry && (unit.complete || missing.length === 0)) return []
  const deadline = unitDeadline(round, unit)
  const plan = slots ?? planSlots(round, deadline, cal, zone)
  return plan
    .filter((s) => s.at <= now && now < s.until)
    .map((s) => ({
      kind: s.kind,
      rule: s.rule,
      at: s.at,
      deadline,
      missing,
      ...(entry ? { entry: true as const } : {}),
    }))
}

/** Calendar days past the unit's due day (0 on or before it): due 07-10, now 07-12 10:00 → 2. */
export function daysOverdue(deadline: Date, now: Date, zone: string): number {
  if (now <= deadline) return 0
  return Math.max(0, daysBetween(localParts(deadline, zone).day, localParts(now, zone).day))
}

/**
 * Whether a unit belongs in today's managers' overdue digest: from the `digestFromDay`-th working day
 * after its due day (default 2), until it submits or the round locks.
 */
export function inManagerDigest(round: PolicyRound, unit: PolicyUnit, cal: WorkDays, now: Date, zone: string): boolean {
  if (!roundActive(round, now)) return false
  if (!owesEntry(round, unit) && (unit.complete || missingForms(unit).length === 0)) return false
  const deadline = unitDeadline(round, unit)
  if (now <= deadline) return false
  const from = cal.workdayAfter(localParts(deadline, zone).day, Math.max(1, round.escalation.digestFromDay))
  return localParts(now, zone).day >= from
}

/**
 * The daily digest slot: on working days from the reminder time until quiet hours. Returns the day
 * ('2027-07-13') that keys today's digest, or null when no digest may go out now.
 */
export function dailyDigestDay(settings: ReminderSettings, cal: WorkDays, now: Date, zone: string): string | null {
  const { day, time } = localParts(now, zone)
  if (!cal.isWorkday(day) || time < settings.time || now >= windowEnd(day, settings.time, settings.quietStart, zone))
    return null
  return day
}

/**
 * The weekly summary slot: the first working day of an ISO week (Monday, or Tuesday after a holiday
 * Monday), in the daily digest window. Returns the week key ('2027-W28') or null.
 */
export function weeklyDigestWeek(settings: ReminderSettings, cal: WorkDays, now: Date, zone: string): string | null {
  const day = dailyDigestDay(settings, cal, now, zone)
  if (!day) return null
  const { weekday } = localParts(now, zone)
  for (let back = 1; back < weekday; back++) if (cal.isWorkday(addDays(day, -back))) return null
  return isoWeek(day)
}
