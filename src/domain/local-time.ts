import { DateTime } from 'luxon'

/**
 * Wall-clock maths in the bureau's time zone (Asia/Shanghai by default), for the reminder policy.
 * Days are 'YYYY-MM-DD' strings and times 'HH:mm' strings, as round settings store them.
 */

/** The instant of a local day and time: atLocal('2027-07-07', '09:00') → 2027-07-07T01:00:00Z. */
export function atLocal(day: string, time: string, zone: string): Date {
  const d = DateTime.fromISO(`${day}T${time}`, { zone })
  if (!d.isValid) throw new RangeError(`not a local day and time: ${day} ${time}`)
  return d.toJSDate()
}

/** The local day and HH:mm of an instant: 2027-07-07T13:30:00Z → { day: '2027-07-07', time: '21:30' }. */
export function localParts(at: Date, zone: string): { day: string; time: string; weekday: number } {
  const key = `${at.getTime()}|${zone}`
  let parts = partsMemo.get(key)
  if (!parts) {
    const d = DateTime.fromJSDate(at, { zone })
    parts = { day: d.toISODate() ?? '', time: d.toFormat('HH:mm'), weekday: d.weekday }
    remember(partsMemo, key, parts)
  }
  return { ...parts }
}

/**
 * Luxon costs tens of microseconds a call, and a sweep or digest over 16,000 units asks the same few
 * instants (the due date, a few extensions, now) and days again and again: pure results are memoised,
 * each map emptied when it reaches MEMO_MAX entries (bench/digest: 5× faster digests).
 */
const MEMO_MAX = 4096
const partsMemo = new Map<string, { day: string; time: string; weekday: number }>()
const addMemo = new Map<string, string>()
const betweenMemo = new Map<string, number>()
function remember<V>(memo: Map<string, V>, key: string, value: V): void {
  if (memo.size >= MEMO_MAX) memo.clear()
  memo.set(key, value)
}

/** Shift a day by whole days: addDays('2027-07-10', -3) → '2027-07-07'. */
export function addDays(day: string, n: number): string {
  const key = `${day}|${n}`
  let out = addMemo.get(key)
  if (out === undefined) {
    out = DateTime.fromISO(day, { zone: 'utc' }).plus({ days: n }).toISODate() ?? day
    remember(addMemo, key, out)
  }
  return out
}

/** Whole calendar days from one day to another: daysBetween('2027-07-10', '2027-07-12') → 2. */
export function daysBetween(from: string, to: string): number {
  const key = `${from}|${to}`
  let out = betweenMemo.get(key)
  if (out === undefined) {
    out = Math.round(DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days)
    remember(betweenMemo, key, out)
  }
  return out
}

/** The ISO week of a day, as an idempotency-key part: '2027-07-12' → '2027-W28'. */
export function isoWeek(day: string): string {
  return DateTime.fromISO(day, { zone: 'utc' }).toFormat("kkkk-'W'WW")
}

/**
 * Quiet hours, possibly over midnight: with 21:00–08:30, 22:10 and 07:00 are quiet, 08:30 is not.
 * HH:mm strings compare correctly as text.
 */
export function isQuiet(time: string, quietStart: string, quietEnd: string): boolean {
  if (quietStart === quietEnd) return false
  return quietStart < quietEnd ? time >= quietStart && time < quietEnd : time >= quietStart || time < quietEnd
}

/** Moves a local time out of quiet hours to the next allowed time: (d, '22:00') → (d+1, '08:30'). */
export function deferQuiet(
  day: string,
  time: string,
  quietStart: string,
  quietEnd: string,
): { day: string; time: string } {
  if (!isQuiet(time, quietStart, quietEnd)) return { day, time }
  const nextDay = quietStart > quietEnd && time >= quietStart
  return { day: nextDay ? addDays(day, 1) : day, time: quietEnd }
}

/** When a message planned for (day, time) must no longer go out: the next quiet start, else midnight. */
export function windowEnd(day: string, time: string, quietStart: string, zone: string): Date {
  return quietStart > time ? atLocal(day, quietStart, zone) : atLocal(addDays(day, 1), '00:00', zone)
}

/** An instant as the bureau reads it, for a sheet: 2027-07-01T02:00:00Z → '2027-07-01 10:00:00'. */
export function localDateTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd HH:mm:ss')
}

/** The same instant in ISO 8601 with the zone's offset, local and still machine-readable (CSV): '2027-07-01T10:00:00+08:00'. */
export function localIso(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISO({ suppressMilliseconds: true }) ?? at.toISOString()
}
