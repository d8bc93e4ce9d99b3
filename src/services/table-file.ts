import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { AppError } from '../errors.js'

export type TableFormat = 'csv' | 'xlsx'
/** One data row, keyed by header, with its 1-based line/row number in the file for error reports. */
export interface TableRow {
  row: number
  values: Record<string, string>
}

/**
 * Reads an uploaded table (CSV in UTF-8, with or without BOM, or the first sheet of an XLSX) into rows
 * keyed by the header row. A file that cannot be read at all is a 400; row problems are the caller's.
 */
export async function readTable(format: TableFormat, data: Buffer): Promise<TableRow[]> {
  return format === 'csv' ? readCsv(data) : readXlsx(data)
}

function readCsv(data: Buffer): TableRow[] {
  let records: string[][]
  try {
    records = parse(data, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][]
  } catch {
    throw AppError.badRequest('CSV 文件无法解析，请检查格式（UTF-8，逗号分隔，第一行为表头）')
  }
  return toRows(records)
}

async function readXlsx(data: Buffer): Promise<TableRow[]> {
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer)
  } catch {
    throw AppError.badRequest('XLSX 文件无法打开，请确认是 Excel 2007 及以上格式')
  }
  const ws = wb.worksheets[0]
  if (!ws) throw AppError.badRequest('XLSX 文件没有工作表')
  const records: string[][] = []
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = []
    for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value))
    records.push(cells)
  })
  return toRows(records)
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue)
    if ('richText' in v) return v.richText.map((t) => t.text).join('').trim()
    if ('text' in v) return String(v.text).trim()
    return ''
  }
  return String(v).trim()
}

function toRows(records: string[][]): TableRow[] {
  if (records.length === 0) throw AppError.badRequest('文件是空的')
  const header = records[0].map((h) => h.trim())
  return records.slice(1).flatMap((cells, i) => {
    if (cells.every((c) => c === '')) return []
    const values: Record<string, string> = {}
    header.forEach((h, j) => {
      if (h) values[h] = (cells[j] ?? '').trim()
    })
    return [{ row: i + 2, values }]
  })
}
