import { Schema, type Connection, type Model } from 'mongoose'
import type { CalendarOverride } from '../../domain/work-calendar.js'

/**
 * The bureau's own working-day corrections, for a year the holiday package does not cover yet or a
 * county-specific day: { date: '2027-10-01', work: false, name: '国庆节' }, { date: '2027-09-26',
 * work: true, name: '国庆节调休上班' }. Read once per sweep (a few dozen rows a year).
 */
const calendarOverrideSchema = new Schema<CalendarOverride>(
  {
    date: { type: String, required: true, unique: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    work: { type: Boolean, required: true },
    name: String,
  },
  { timestamps: true },
)

export function calendarOverrideModel(conn: Connection): Model<CalendarOverride> {
  return (
    (conn.models.CalendarOverride as Model<CalendarOverride>) ??
    conn.model<CalendarOverride>('CalendarOverride', calendarOverrideSchema)
  )
}
