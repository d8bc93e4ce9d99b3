import ExcelJS from 'exceljs'
import { PassThrough } from 'node:stream'
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

/** A column of a written sheet: its header (row 1, frozen) and width in characters. */
export interface SheetColumn {
  header: string
  width: number
}

/**
 * One sheet as an .xlsx file through exceljs' streaming writer (rows written and dropped as they go,
 * strings inline, the header row frozen, no cell styles — styling makes exceljs style every cell and
 * doubles the time): for long plain lists such as the digest's attachment it takes about a quarter of
 * the time of building the workbook in memory. Empty strings and undefined leave the cell out.
 */
export async function xlsxFile(sheetName: string, columns: readonly SheetColumn[], rows: readonly (readonly (string | number | undefined)[])[]): Promise<Buffer> {
  const chunks: Buffer[] = []
  const stream = new PassThrough()
  stream.on('data', (c: Buffer) => chunks.push(c))
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false })
  // the header stays in view while scrolling a long list (a frozen pane is a sheet view, not a cell style)
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }))
  for (const r of rows) ws.addRow(r.map((v) => (v === '' ? undefined : v))).commit()
  ws.commit()
  await wb.commit()
  return Buffer.concat(chunks)
}
