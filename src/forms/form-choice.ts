import type { FormCode } from '../domain/types.js'
import { formTitle } from './titles.js'

/**
 * What clerks call the tables when they pick one by name ("项目表", "部门", "公开网址"), besides the full and
 * short titles. "项目" and "项目支出" mean the project table, although the county table's title
 * (县级安排项目支出明细监控表) contains both words: an exact short name wins over a part of a title.
 */
const ALIASES: Record<FormCode, readonly string[]> = {
  department: ['部门整体', '部门整体支出', '部门表', '部门', '整体表', '整体支出'],
  project: ['项目支出', '项目表', '项目'],
  'county-detail': ['县级安排', '县级项目', '县级明细', '县级表', '县级', '明细表', '明细'],
  disclosure: ['公开网址', '网址', '自评报告', '自评', '公开'],
}

export interface FormOption {
  form: string
  label: string
}

/** A reply that picks one of a numbered list: by its number, or by a name that fits exactly one entry. */
export type FormPick = { index: number } | { ambiguous: number[] } | { outOfRange: number } | null

function names(o: FormOption): string[] {
  const form = o.form as FormCode
  const titles = ALIASES[form] ? [formTitle(form), formTitle(form, 'short')] : []
  return [o.label, ...titles, ...(ALIASES[form] ?? [])]
}

const clean = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/[\s《》“”"'。.!！]/g, '')
    .replace(/^第(\d+)[张个项]?$/, '$1')

/**
 * "2", "第2张", "项目表", "《部门整体支出绩效目标执行监控表》" → its index in `options` (the list as shown, whose
 * numbers stay fixed for the round). A name matches exactly first (a title, short title or alias), then
 * as part of a title (at least two characters); several entries (e.g. one form in two rounds) → ambiguous.
 */
export function pickForm(text: string, options: readonly FormOption[]): FormPick {
  const s = clean(text)
  if (!s) return null
  // one or two digits: a longer number in a group ("2027") is chatter, not a wrong pick
  if (/^\d{1,2}$/.test(s)) {
    const n = Number(s)
    return n >= 1 && n <= options.length ? { index: n - 1 } : { outOfRange: n }
  }
  const indices = (hit: (o: FormOption) => boolean): number[] => options.flatMap((o, i) => (hit(o) ? [i] : []))
  const exact = indices((o) => names(o).includes(s))
  const hits = exact.length ? exact : s.length >= 2 ? indices((o) => names(o).some((n) => n.includes(s))) : []
  if (hits.length === 1) return { index: hits[0] }
  return hits.length > 1 ? { ambiguous: hits } : null
}
