import type { Connection } from 'mongoose'
import { calendarOverrideModel } from '../db/models/calendar-override.js'
import { packageCoversYear, type CalendarOverride } from '../domain/work-calendar.js'
import { AppError } from '../errors.js'

export interface CalendarYear {
  year: number
  /** chinese-days carries this year's holidays (the bureau's days still win over it) */
  packageKnows: boolean
  /** the bureau's own days of this year, by date */
  days: CalendarOverride[]
}

/**
 * The bureau's working-day corrections (see domain/work-calendar.ts): the holiday arrangement of a year
 * the package does not know yet — 2027 with chinese-days 1.5.7 — or a county's own day. The next
 * reminder sweep reads them.
 */
export class CalendarService {
  private days
  constructor(conn: Connection) {
    this.days = calendarOverrideModel(conn)
  }

  async year(year: number): Promise<CalendarYear> {
    const days = await this.days.find({ date: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } }, { _id: 0, date: 1, work: 1, name: 1 }).sort({ date: 1 }).lean<CalendarOverride[]>()
    return { year, packageKnows: packageCoversYear(year), days }
  }

  /** Sets each day (a holiday, or a working weekend day 调休上班); a day already set is replaced. */
  async set(days: readonly CalendarOverride[]): Promise<{ set: number }> {
    const dates = days.map((d) => d.date)
    const twice = dates.filter((d, i) => dates.indexOf(d) !== i)
    if (twice.length) throw AppError.invalid(`日期重复：${[...new Set(twice)].join('、')}`, { dates: [...new Set(twice)] })
    await this.days.bulkWrite(
      days.map((d) => ({ updateOne: { filter: { date: d.date }, update: d.name ? { $set: { work: d.work, name: d.name } } : { $set: { work: d.work }, $unset: { name: 1 } }, upsert: true } })),
      { ordered: false },
    )
    return { set: days.length }
  }

  async remove(date: string): Promise<{ removed: string }> {
    const r = await this.days.deleteOne({ date })
    if (r.deletedCount === 0) throw AppError.notFound(`${date} 没有录入过`)
    return { removed: date }
  }
}
