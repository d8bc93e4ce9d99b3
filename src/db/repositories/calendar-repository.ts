import type { Connection } from 'mongoose'
import type { CalendarOverride } from '../../domain/work-calendar.js'
import { calendarOverrideModel } from '../models/calendar-override.js'

/** The bureau's working-day corrections (CalendarService's CalendarDays) on MongoDB. */
export class CalendarRepository {
  private days
  constructor(conn: Connection) {
    this.days = calendarOverrideModel(conn)
  }

  /** the days from `from` to `to` (ISO dates, inclusive), by date */
  between(from: string, to: string): Promise<CalendarOverride[]> {
    return this.days
      .find({ date: { $gte: from, $lte: to } }, { _id: 0, date: 1, work: 1, name: 1 })
      .sort({ date: 1 })
      .lean<CalendarOverride[]>()
  }

  /** sets each day; a day already set is replaced (its name removed when the new one has none) */
  async upsert(days: readonly CalendarOverride[]): Promise<void> {
    await this.days.bulkWrite(
      days.map((d) => ({
        updateOne: {
          filter: { date: d.date },
          update: d.name ? { $set: { work: d.work, name: d.name } } : { $set: { work: d.work }, $unset: { name: 1 } },
          upsert: true,
        },
      })),
      { ordered: false },
    )
  }

  /** true when the day was there */
  async remove(date: string): Promise<boolean> {
    const r = await this.days.deleteOne({ date })
    return r.deletedCount > 0
  }
}
