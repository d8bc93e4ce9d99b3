import { AppError } from '../../errors.js'
import { cleanText } from '../../forms/parse/clean-text.js'
import { columnLetters } from '../spreadsheets/table-limits.js'
import type { TableRecord } from '../spreadsheets/xlsx-records.js'
import type { PlatformField } from './platform-fields.js'
import type { PlatformLayout } from './platform-mapping.js'

export type MoneyUnit = '元' | '万元'

/** A mapped column found in a file: its 1-based index, the header as written, its money unit. */
export interface FoundColumn {
  column: number
  header: string
  unit?: MoneyUnit
}

export interface LocatedSheet {
  columns: Map<PlatformField, FoundColumn>
  /** the records below the header */
  rows: TableRecord[]
}

/** "年初预算（万元）" → { name: "年初预算", unit: "万元" }: spaces out, full-width brackets folded. */
export function headerKey(raw: string): { name: string; unit?: MoneyUnit } {
  const t = cleanText(raw)
    .replace(/\s+/g, '')
    .replace(/[（【[]/g, '(')
    .replace(/[）】\]]/g, ')')
  const m = /^(.*?)\((万元|元|%)\)$/.exec(t)
  if (!m) return { name: t }
  return { name: m[1], unit: m[2] === '%' ? undefined : (m[2] as MoneyUnit) }
}

/**
 * Finds the mapped columns in a sheet's header. A two-row header is read as Excel users make it:
 * a cell merged across columns holds its text only in its first column (the text carries right over
 * the sub-headers below it), a cell merged down two rows leaves the second row empty. A column
 * matches a mapping column by its header or an alias under the same group first, then by the text
 * alone; the unit in the header text ("（万元）", on the column or on its group) wins over the mapping's.
 */
export function locateColumns(records: TableRecord[], layout: PlatformLayout): LocatedSheet {
  const first = records.findIndex((r) => r.row === layout.headerRow)
  if (first < 0) throw AppError.badRequest(`文件第 ${layout.headerRow} 行应为表头，但该行是空的`)
  const top = records[first]
  const below = layout.headerRows === 2 ? records[first + 1] : undefined
  if (layout.headerRows === 2 && below?.row !== layout.headerRow + 1)
    throw AppError.badRequest(`文件第 ${layout.headerRow + 1} 行应为第二行表头，但该行是空的`)
  const width = Math.max(top.cells.length, below?.cells.length ?? 0)
  const heads: { group: string; label: string; unit?: MoneyUnit; written: string }[] = []
  let carried = headerKey('')
  for (let j = 0; j < width; j++) {
    const upper = top.cells[j] ?? ''
    const lower = below?.cells[j] ?? ''
    if (upper) carried = headerKey(upper)
    if (below && lower) {
      const sub = headerKey(lower)
      heads.push({ group: carried.name, label: sub.name, unit: sub.unit ?? carried.unit, written: lower })
    } else {
      const own = headerKey(upper)
      heads.push({ group: '', label: own.name, unit: own.unit, written: upper })
    }
  }
  const columns = new Map<PlatformField, FoundColumn>()
  const claimed = new Map<number, string>()
  const missing: string[] = []
  for (const spec of layout.columns) {
    const names = new Set([spec.header, ...spec.aliases].map((n) => headerKey(n).name))
    const group = spec.group ? headerKey(spec.group).name : ''
    const exact = heads.flatMap((h, j) => (names.has(h.label) && h.group === group ? [j] : []))
    const loose = heads.flatMap((h, j) => (names.has(h.label) ? [j] : []))
    const hits = exact.length > 0 ? exact : loose
    if (hits.length > 1)
      throw AppError.badRequest(
        `表头“${spec.header}”出现在 ${hits.map((j) => columnLetters(j + 1)).join('、')} 列，无法确定用哪一列`,
        { field: spec.field, columns: hits.map((j) => columnLetters(j + 1)) },
      )
    if (hits.length === 0) {
      if (spec.required) missing.push(spec.group ? `${spec.group}/${spec.header}` : spec.header)
      continue
    }
    const j = hits[0]
    const other = claimed.get(j)
    if (other)
      throw AppError.badRequest(`${columnLetters(j + 1)} 列同时对应“${other}”和“${spec.header}”，请检查映射文件`)
    claimed.set(j, spec.header)
    columns.set(spec.field, {
      column: j + 1,
      header: heads[j].written,
      unit: spec.unit && (heads[j].unit ?? spec.unit),
    })
  }
  if (missing.length > 0)
    throw AppError.badRequest(`文件缺少列：${missing.join('、')}（表头在第 ${layout.headerRow} 行）`, { missing })
  return { columns, rows: records.slice(first + layout.headerRows) }
}
