import { DateTime } from 'luxon'

/**
 * A due date is a calendar day; on time means by 23:59:59 of that day in the bureau's time zone.
 * dueInstant('2027-07-10') → 2027-07-10T23:59:59.999+08:00 (as a Date).
 */
export function dueInstant(date: string, zone = 'Asia/Shanghai'): Date {
  const d = DateTime.fromISO(date, { zone })
  if (!d.isValid) throw new RangeError(`not a date: ${date}`)
  return d.endOf('day').toJSDate()
}

/** The calendar day (YYYY-MM-DD) of an instant in the bureau's time zone. */
export function localDay(at: Date, zone = 'Asia/Shanghai'): string {
  return DateTime.fromJSDate(at, { zone }).toISODate() ?? ''
}
