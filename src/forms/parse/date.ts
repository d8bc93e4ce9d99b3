import { compact } from './normalize.js'

export type DateParse = { ok: true; value: string } | { ok: false; error: string }

/** "请输入日期，例如 7月10日 或 2027-07-10": the example in the round's year when known. */
const hint = (year = 2024): string => `请输入日期，例如 7月10日 或 ${year}-07-10`

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** True for a real calendar day (no 2月30日), computed without reading the clock. */
export function isValidYmd(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  return d <= days[m - 1]
}

/**
 * Parses a date into ISO "YYYY-MM-DD": "2024-07-10", "2024/7/10", "2024.7.10", "2024年7月10日",
 * "7月10日" (the year comes from `defaultYear`, the round's year). Never throws.
 */
export function parseDate(input: string, defaultYear?: number): DateParse {
  const s = compact(input)
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/.exec(s)
  let y: number
  let mo: number
  let d: number
  if (m) {
    ;[y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  } else {
    m = /^(\d{1,2})月(\d{1,2})[日号]?$/.exec(s) ?? /^(\d{1,2})[-/](\d{1,2})$/.exec(s)
    if (!m) return { ok: false, error: hint(defaultYear) }
    if (defaultYear === undefined) return { ok: false, error: '请写上年份，例如 2024年7月10日' }
    ;[y, mo, d] = [defaultYear, Number(m[1]), Number(m[2])]
  }
  if (!isValidYmd(y, mo, d)) return { ok: false, error: `没有这一天：${s}。${hint(defaultYear)}` }
  return { ok: true, value: `${pad(y, 4)}-${pad(mo)}-${pad(d)}` }
}

/** "2024-07-10" → "2024年7月10日"; parseDate(formatDate(x)) === x. */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number)
  return `${y}年${m}月${d}日`
}
