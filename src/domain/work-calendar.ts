import chineseDays from 'chinese-days'
import { DateTime } from 'luxon'

/**
 * Working days in China: weekends, public holidays and adjusted working days (调休上班), from the
 * `chinese-days` package plus the bureau's own overrides.
 *
 * Why overrides: the State Council publishes next year's holiday arrangement each autumn (e.g. in
 * November 2026 for 2027), and a package release follows some time later. chinese-days 1.5.7 carries
 * data for 2004–2026 only; for 2027 it knows nothing but weekends (it calls 2027-01-01 元旦 a working
 * Friday). The bureau adds `{ date: '2027-10-01', work: false, name: '国庆节' }` and
 * `{ date: '2027-09-26', work: true, name: '国庆节调休上班' }` and reminders move accordingly.
 * An override always wins over the package, so a wrong package entry can be corrected too.
 */
export interface CalendarOverride {
  /** YYYY-MM-DD, a calendar day in the bureau's time zone */
  date: string
  work: boolean
  name?: string
}

/** What the reminder policy needs from a calendar. */
export interface WorkDays {
  isWorkday(date: string): boolean
  previousWorkday(date: string): string
  workdayAfter(date: string, n: number): string
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

export class WorkCalendar implements WorkDays {
  private readonly overrides: Map<string, boolean>
  private readonly cache = new Map<string, boolean>()
  /** workdayAfter by (date, n): a digest asks it for every overdue unit with the same few deadlines */
  private readonly after = new Map<string, string>()

  constructor(overrides: readonly CalendarOverride[] = []) {
    this.overrides = new Map(overrides.map((o) => [o.date, o.work]))
  }

  /** true on a working day: an override, else the package's holiday data, else Monday–Friday. */
  isWorkday(date: string): boolean {
    if (!DAY.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`)
    const cached = this.cache.get(date)
    if (cached !== undefined) return cached
    const work = this.overrides.get(date) ?? chineseDays.isWorkday(date)
    this.cache.set(date, work)
    return work
  }

  /** Whether holidays of a year are known: the package has it, or the bureau entered overrides for it. */
  knowsYear(year: number): boolean {
    return packageCoversYear(year) || [...this.overrides.keys()].some((d) => d.startsWith(`${year}-`))
  }

  /** The day itself when it is a working day, else the nearest earlier one: Sat 2027-07-10 → Fri 07-09. */
  previousWorkday(date: string): string {
    let d = DateTime.fromISO(date, { zone: 'utc' })
    for (let i = 0; i < 60 && !this.isWorkday(d.toISODate() ?? date); i++) d = d.minus({ days: 1 })
    return d.toISODate() ?? date
  }

  /** The N-th working day after `date` (N ≥ 1): the 1st after Fri 2027-07-09 is Mon 07-12. */
  workdayAfter(date: string, n: number): string {
    const key = `${date}|${n}`
    const known = this.after.get(key)
    if (known !== undefined) return known
    let d = DateTime.fromISO(date, { zone: 'utc' })
    for (let found = 0, i = 0; found < n && i < 400; i++) {
      d = d.plus({ days: 1 })
      if (this.isWorkday(d.toISODate() ?? date)) found++
    }
    const out = d.toISODate() ?? date
    if (this.after.size < 10_000) this.after.set(key, out)
    return out
  }

  /** Number of working days strictly after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workdaysBetween(from: string, to: string): number {
    let n = 0
    let d = DateTime.fromISO(from, { zone: 'utc' })
    const end = DateTime.fromISO(to, { zone: 'utc' })
    for (let i = 0; d < end && i < 400; i++) {
      d = d.plus({ days: 1 })
      if (this.isWorkday(d.toISODate() ?? to)) n++
    }
    return n
  }
}

/**
 * Whether chinese-days has holiday data for a year: every covered year marks 1 January as 元旦, an
 * uncovered one treats it as an ordinary weekday. packageCoversYear(2026) → true, (2027) → false.
 */
export function packageCoversYear(year: number): boolean {
  return chineseDays.getDayDetail(`${year}-01-01`).name.includes('元旦')
}
