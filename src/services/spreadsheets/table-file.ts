import ExcelJS from 'exceljs'
import { PassThrough } from 'node:stream'
import { AppError } from '../../errors.js'
import { cleanText } from '../../forms/parse/clean-text.js'
import { readCsvRecords } from './csv-records.js'
import type { TableLimits } from './table-limits.js'
import { readXlsxRecords, type TableRecord } from './xlsx-records.js'

export type TableFormat = 'csv' | 'xlsx'
/** One data row, keyed by header, with its 1-based line/row number in the file for error reports. */
export interface TableRow {
  row: number
  values: Record<string, string>
}

/**
 * Reads an uploaded table (CSV in UTF-8, with or without BOM, or the first sheet of an XLSX) into rows
 * keyed by the header row (the first non-empty one), within `limits` (rows, columns, cell length,
 * cells): a file past one is a 400 naming it, found while reading, before any row is parsed. A file
 * that cannot be read at all is a 400 too; row problems are the caller's.
 */
export async function readTable(format: TableFormat, data: Buffer, limits: TableLimits): Promise<TableRow[]> {
  return toRows(format === 'csv' ? await readCsvRecords(data, limits) : await readXlsxRecords(data, limits))
}

function toRows(records: TableRecord[]): TableRow[] {
  if (records.length === 0) throw AppError.badRequest('文件是空的')
  const header = records[0].cells.map((h) => cleanText(h).trim())
  return records.slice(1).flatMap(({ row, cells }) => {
    if (cells.every((c) => c === '')) return []
    const values: Record<string, string> = {}
    header.forEach((h, j) => {
      // names and texts enter the database here: control and invisible characters stay out (cleanText)
      if (h) values[h] = cleanText(cells[j] ?? '').trim()
    })
    return [{ row, values }]
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
 * the time of building the workbook in memory. Empty strings and undefined leave the cell out; text is
 * cleaned of control and invisible characters (cleanText).
 */
export async function xlsxFile(
  sheetName: string,
  columns: readonly SheetColumn[],
  rows: readonly (readonly (string | number | undefined)[])[],
): Promise<Buffer> {
  const chunks: Buffer[] = []
  const stream = new PassThrough()
  stream.on('data', (c: Buffer) => chunks.push(c))
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false })
  // the header stays in view while scrolling a long list (a frozen pane is a sheet view, not a cell style)
  const ws = wb.addWorksheet(cleanText(sheetName), { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = columns.map((c) => ({ header: cleanText(c.header), width: c.width }))
  // names and contacts come from the database as stored: a control character there would make the XML invalid
  for (const r of rows) ws.addRow(r.map((v) => (typeof v === 'string' ? cleanText(v) || undefined : v))).commit()
  ws.commit()
  await wb.commit()
  return Buffer.concat(chunks)
}
