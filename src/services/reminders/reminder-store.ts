import type { BureauStaff } from '../../domain/bureau-staff.js'
import type { PendingDigest, PendingDue, PendingUnit, Reach } from '../../domain/reminder-reads.js'
import type { UnpushedGroup } from '../../domain/unpushed-groups.js'
import type { Manager, Round } from '../../domain/types.js'
import type { CalendarOverride } from '../../domain/work-calendar.js'

/**
 * What the reminder, escalation and digest services read, in bulk: every method is one query whatever
 * the number of units (a province round is 16,000 round units). src/db/repositories/reminder-repository
 * implements it on MongoDB with lean queries and projections.
 */

export type { PendingDigest, PendingDue, PendingUnit, Reach, UnitInfo } from '../../domain/reminder-reads.js'

export interface ReminderStore {
  /** rounds with status 'open' */
  openRounds(): Promise<Round[]>
  /**
   * the distinct extension deadlines of units still incomplete (usually none or a few). `requireEntry`
   * (the round's requirePlatformEntry), here and below: units submitted but not entered count as pending.
   */
  extensionDeadlines(roundId: string, requireEntry?: boolean): Promise<Date[]>
  /**
   * For the reminder and escalation sweeps: the round's incomplete units that `keep` keeps (it is called
   * once per incomplete unit), their units, and their reach — active unit-room and member bindings plus
   * the shared/bureau rooms those members sit in. `many`: most pending units are expected to be kept
   * (the round's own deadline is being planned), so large rounds may read everything side by side.
   */
  pendingDue(
    roundId: string,
    keep: (status: PendingUnit) => boolean,
    many: boolean,
    requireEntry?: boolean,
  ): Promise<PendingDue>
  /**
   * For the managers' digest: the round's incomplete units joined to their units (one `$lookup`), which
   * of them have an active unit-room or member binding, and the round's counts.
   */
  pendingDigest(roundId: string, requireEntry?: boolean): Promise<PendingDigest>
  bureauRooms(): Promise<Reach[]>
  /** active WeCom group bindings without a push address (their messages wait dead until one is set) */
  unpushedWecomGroups(): Promise<UnpushedGroup[]>
  managers(): Promise<Manager[]>
  bureauStaff(): Promise<BureauStaff[]>
  calendarOverrides(): Promise<CalendarOverride[]>
  /** rules of a round already planned into the outbox (see db/models/sweep-mark.ts) */
  sweptRules(roundId: string): Promise<string[]>
  markSwept(roundId: string, rules: string[], at: Date): Promise<void>
}
