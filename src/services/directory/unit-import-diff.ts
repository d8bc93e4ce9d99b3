import type { Contact, Unit } from '../../domain/types.js'
import { fenToWan } from '../spreadsheets/wan-yuan.js'

type ImportedUnit = Omit<Unit, 'indicators'>

/** One field a directory import would change, shown as the bureau reads it (before → after). */
export interface FieldChange {
  field: string
  before: string
  after: string
}

export interface UnitImportPreview {
  rows: number
  added: { row: number; code: string; name: string; kind: Unit['kind']; parentCode?: string }[]
  changed: { row: number; code: string; name: string; fields: FieldChange[] }[]
  unchanged: number
  /** the rows that keep the file from being imported (empty: 应用 would import it) */
  errors: { row: number; messages: string[] }[]
}

const KIND_NAMES: Record<Unit['kind'], string> = { department: '主管部门', secondary: '二级单位', township: '乡镇' }
const ROLE_NAMES: Record<string, string> = { finance: '财务', head: '负责人' }

function contactText(c: Contact): string {
  return [`${c.name}（${ROLE_NAMES[c.role] ?? c.role}）`, c.phone, c.email].filter(Boolean).join(' ')
}

/**
 * What importing `next` over `before` changes, field by field. A field the file leaves out (no parent
 * code, no budget columns) is not written by the import ($set of the row), so it is not a change either.
 */
export function unitFieldChanges(before: ImportedUnit, next: ImportedUnit): FieldChange[] {
  const pairs: [string, string, string][] = [
    ['单位名称', before.name, next.name],
    ['单位类型', KIND_NAMES[before.kind], KIND_NAMES[next.kind]],
    ['标签', before.tags.join('、'), next.tags.join('、')],
    ['联系人', before.contacts.map(contactText).join('；'), next.contacts.map(contactText).join('；')],
  ]
  if (next.parentCode !== undefined) pairs.push(['主管部门代码', before.parentCode ?? '', next.parentCode])
  if (next.budget)
    pairs.push(
      ['基本支出预算（万元）', wan(before.budget?.basic.initial), wan(next.budget.basic.initial)],
      ['项目支出预算（万元）', wan(before.budget?.project.initial), wan(next.budget.project.initial)],
    )
  return pairs.filter(([, b, a]) => b !== a).map(([field, b, a]) => ({ field, before: b, after: a }))
}

function wan(fen: number | undefined): string {
  return fen === undefined ? '' : String(fenToWan(fen))
}
