import { cleanText } from '../../forms/parse/clean-text.js'

/** Excel refuses a sheet name longer than 31 characters (UTF-16 units) or holding any of []:*?/\. */
export const MAX_SHEET_NAME = 31
const FORBIDDEN = /[[\]:*?/\\]/g
/** the longest a trailing part (a unit's short name) may take, so the leading part stays readable */
const TAIL_MAX = 12
const SEPARATOR = '·'

/**
 * Readable, valid and unique sheet names for one workbook: parts joined with · ("部门整体表·第一中学",
 * "校舍维修改造项目·第一中学"), the first part shortened when the whole is too long, a ~2, ~3 … suffix
 * when a name is taken. Excel compares names without regard to case and calls "History" its own; a name
 * may not begin or end with an apostrophe.
 */
export class SheetNames {
  private readonly used = new Set<string>()

  name(parts: readonly string[]): string {
    const clean = parts.map((p) => cleanText(p).replace(FORBIDDEN, '_').trim()).filter((p) => p !== '')
    const [head = '表', ...rest] = clean
    const tail = rest.map((p) => `${SEPARATOR}${cut(p, TAIL_MAX)}`).join('')
    const base = tidy(cut(head, Math.max(MAX_SHEET_NAME - tail.length, 1)) + tail)
    let name = base
    for (let i = 2; this.taken(name); i++) {
      const suffix = `~${i}`
      name = tidy(cut(base, MAX_SHEET_NAME - suffix.length)) + suffix
    }
    this.used.add(name.toLowerCase())
    return name
  }

  private taken(name: string): boolean {
    return this.used.has(name.toLowerCase()) || name.toLowerCase() === 'history'
  }
}

/** At most `max` UTF-16 units, never splitting a character outside the BMP. */
function cut(text: string, max: number): string {
  let out = ''
  for (const ch of text) {
    if (out.length + ch.length > max) break
    out += ch
  }
  return out
}

/** No apostrophe or blank at either end (Excel refuses the former); never empty. */
function tidy(name: string): string {
  return name.replace(/^['\s]+|['\s]+$/g, '') || '表'
}

/**
 * A unit's name without the county in front, for a sheet tab: "武定县农业农村局" → "农业农村局",
 * "县第一中学" → "第一中学". A name that does not start with a county ("市场监督管理局"), whose 县 begins a word
 * ("中共武定县委宣传部", "县级…") or that would be left with fewer than two characters stays whole.
 */
export function shortUnitName(name: string): string {
  const m = /^[^县]{0,6}县(?![委级])(.{2,})$/u.exec(name.trim())
  return m?.[1] ?? name.trim()
}
