import { DateTime } from 'luxon'

/**
 * Send times are shown and picked in the county's time zone (the API's `timezone`), not the browser's:
 * a manager travelling, or a server-side clock in UTC, must not shift a 9:00 notice.
 */
export const WALL_FORMAT = 'yyyy-MM-dd HH:mm:ss'

/** "2027-07-01 09:00" as the county's clocks show the instant. */
export function countyTime(iso: string | undefined, zone: string): string {
  if (!iso) return ''
  return DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd HH:mm')
}

/** The instant of a wall-clock time picked in the county's zone ("2027-07-01 09:00:00"), as ISO. */
export function countyInstant(wall: string, zone: string): string {
  const t = DateTime.fromFormat(wall, WALL_FORMAT, { zone })
  if (!t.isValid) throw new Error(`无法识别的时间：${wall}`)
  return t.toUTC().toISO() ?? ''
}

/** The county's current wall-clock time, to refuse picking a time already past. */
export function countyNow(zone: string): string {
  return DateTime.now().setZone(zone).toFormat(WALL_FORMAT)
}
