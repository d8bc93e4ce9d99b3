import { AppError } from '../../errors.js'
import { readCsvRecords } from '../spreadsheets/csv-records.js'
import type { TableFormat } from '../spreadsheets/table-file.js'
import type { TableLimits } from '../spreadsheets/table-limits.js'
import { readXlsxRecords } from '../spreadsheets/xlsx-records.js'
import { locateColumns } from './platform-header.js'
import type { PlatformLayout, PlatformMapping } from './platform-mapping.js'
import { PlatformRow, type CellError } from './platform-row.js'

export type LayoutName = keyof PlatformMapping['layouts']

/**
 * A platform file read through one layout of the mapping: its data rows by row number, each reading its
 * cells into `errors` (every import of the platform's files starts so). A mapping without the layout is a
 * 400 naming it.
 */
export async function readPlatformSheet(
  mapping: PlatformMapping,
  name: LayoutName,
  format: TableFormat,
  data: Buffer,
  limits: TableLimits,
): Promise<{ layout: PlatformLayout; rows: Map<number, PlatformRow>; errors: CellError[] }> {
  const layout = mapping.layouts[name]
  if (!layout) throw AppError.badRequest(`平台映射文件（${mapping.province} ${mapping.version}）没有 ${name} 布局`)
  const records =
    format === 'csv' ? await readCsvRecords(data, limits) : await readXlsxRecords(data, limits, layout.sheet)
  const sheet = locateColumns(records, layout)
  const errors: CellError[] = []
  const rows = new Map(sheet.rows.map((rec) => [rec.row, new PlatformRow(rec, sheet.columns, errors)]))
  return { layout, rows, errors }
}

/** No data rows, or any cell error: the whole file is refused (nothing is applied), every error listed by row and column. */
export function failIfAny(errors: CellError[], rows: number): void {
  if (rows === 0 && errors.length === 0) throw AppError.badRequest('文件没有数据行')
  if (errors.length === 0) return
  errors.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column))
  throw AppError.invalid(`文件有 ${errors.length} 处错误，未导入任何数据`, { errors })
}
