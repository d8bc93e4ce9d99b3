import { packageCoversYear, type CalendarOverride } from '../../domain/work-calendar.js'
import { AppError } from '../../errors.js'

export interface CalendarYear {
  year: number
  /** chinese-days carries this year's holidays (the bureau's days still win over it) */
  packageKnows: boolean
  /** the bureau's own days of this year, by date */
  days: CalendarOverride[]
}

/** Where the bureau's days are kept (src/db/repositories/calendar-repository.ts). */
export interface CalendarDays {
  /** the days from `from` to `to` (ISO dates, inclusive), by date */
  between(from: string, to: string): Promise<CalendarOverride[]>
  /** sets each day; a day already set is replaced */
  upsert(days: readonly CalendarOverride[]): Promise<void>
  /** true when the day was there */
  remove(date: string): Promise<boolean>
}

/**
 * The bureau's working-day corrections (see domain/work-calendar.ts): the holiday arrangement of a year
 * the package does not know yet — 2027 with chinese-days 1.5.7 — or a county's own day. The next
 * reminder sweep reads them.
 */
export class CalendarService {
  constructor(private readonly days: CalendarDays) {}

  async year(year: number): Promise<CalendarYear> {
    const days = await this.days.between(`${year}-01-01`, `${year}-12-31`)
    return { year, packageKnows: packageCoversYear(year), days }
  }

  /** Sets each day (a holiday, or a working weekend day 调休上班); a day already set is replaced. */
  async set(days: readonly CalendarOverride[]): Promise<{ set: number }> {
    const dates = days.map((d) => d.date)
    const twice = dates.filter((d, i) => dates.indexOf(d) !== i)
    if (twice.length)
      throw AppError.invalid(`日期重复：${[...new Set(twice)].join('、')}`, { dates: [...new Set(twice)] })
    await this.days.upsert(days)
    return { set: days.length }
  }

  async remove(date: string): Promise<{ removed: string }> {
    if (!(await this.days.remove(date))) throw AppError.notFound(`${date} 没有录入过`)
    return { removed: date }
  }
}
