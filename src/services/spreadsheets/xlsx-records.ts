import { setImmediate as nextTurn } from 'node:timers/promises'
import { AppError } from '../../errors.js'
import { overLimit, type TableLimits } from './table-limits.js'
import {
  attributes,
  chosenSheetPath,
  dateStyles,
  firstSheetPath,
  relatedPath,
  runsText,
  serialDate,
  sharedStringsRaw,
  xmlText,
} from './xlsx-parts.js'
import { ZipEntries, ZipError } from './zip-entries.js'

/** One non-empty row of a table: its row number in the file (1 = first line) and its cells from column A. */
export interface TableRecord {
  row: number
  cells: string[]
}

const unreadable = () => AppError.badRequest('XLSX 文件无法打开，请确认是 Excel 2007 及以上格式')

/**
 * The first sheet of an XLSX as records, within `limits`. Why not exceljs: its workbook model makes a
 * Cell object for every column up to the last used one in every row (one value at XFD1 is 16,384 per
 * row) before anything can be checked. Here the zip parts are inflated with a size cap, and the sheet
 * XML is scanned once, element by element, counting as it goes: the first cell past a limit ends the
 * read with a 400. The scan hands the event loop a turn every few thousand cells, so other requests
 * are served while a large honest file is read.
 */
export async function readXlsxRecords(
  data: Buffer,
  limits: TableLimits,
  /** another sheet than the first: its 1-based position or its name */
  sheetChoice?: number | string,
): Promise<TableRecord[]> {
  let zip: ZipEntries
  try {
    zip = ZipEntries.open(data)
  } catch {
    throw unreadable()
  }
  let budget = limits.maxUnzippedBytes
  const part = async (name: string): Promise<string | undefined> => {
    try {
      const bytes = await zip.bytes(name, budget)
      budget -= bytes?.length ?? 0
      return bytes?.toString('utf8')
    } catch (err) {
      throw err instanceof ZipError && err.reason === 'too_large'
        ? overLimit.unzipped(limits.maxUnzippedBytes)
        : unreadable()
    }
  }
  const workbook = await part('xl/workbook.xml')
  if (workbook === undefined) throw unreadable()
  const rels = await part('xl/_rels/workbook.xml.rels')
  const sheetPath =
    sheetChoice === undefined || sheetChoice === 1
      ? firstSheetPath(workbook, rels, zip.names())
      : chosenSheetPath(workbook, rels, sheetChoice)
  const sheet = sheetPath ? await part(sheetPath) : undefined
  if (sheet === undefined)
    throw AppError.badRequest(
      sheetChoice === undefined || sheetChoice === 1 ? 'XLSX 文件没有工作表' : `XLSX 文件没有工作表“${sheetChoice}”`,
    )
  const shared = await sharedStringsRaw(
    await part(relatedPath(rels, 'sharedStrings', 'xl/sharedStrings.xml')),
    limits.maxCells,
  )
  if (!shared) throw overLimit.cells(limits.maxCells)
  const book: Book = {
    shared,
    decoded: new Map(),
    dates: dateStyles(await part(relatedPath(rels, 'styles', 'xl/styles.xml'))),
    date1904: /<(?:[\w.-]+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']/.test(workbook),
  }
  return sheetRecords(sheet, book, limits)
}

interface Book {
  /** raw `<si>` contents; decoded on first use into `decoded` */
  shared: string[]
  decoded: Map<number, string>
  dates: Set<number>
  date1904: boolean
}

async function sheetRecords(xml: string, book: Book, limits: TableLimits): Promise<TableRecord[]> {
  const prefix = /<([\w.-]+:)?worksheet\b/.exec(xml)?.[1] ?? ''
  const records: TableRecord[] = []
  // raw XML of one cell may be longer than its text (entities, rich-text runs), but not without bound
  const rawMax = limits.maxCellChars * 64
  let elements = 0
  let sinceTurn = 0
  let rowNumber = 0
  for (const row of elementsOf(xml, `${prefix}row`)) {
    rowNumber = row.attrs.r ? Number(row.attrs.r) : rowNumber + 1
    if (!Number.isSafeInteger(rowNumber) || rowNumber < 1) throw unreadable()
    const cells: string[] = []
    let column = 0
    for (const c of row.inner ? elementsOf(row.inner, `${prefix}c`) : []) {
      if (++elements > limits.maxCells) throw overLimit.cells(limits.maxCells)
      column = c.attrs.r ? refColumn(c.attrs.r) : column + 1
      if (c.inner === undefined) continue
      const at = { row: rowNumber, column }
      if (c.inner.length > rawMax) throw overLimit.cellChars(limits.maxCellChars, at)
      const text = cellText(c.attrs, c.inner, book, rawMax, limits, at).trim()
      if (text === '') continue
      if (text.length > limits.maxCellChars) throw overLimit.cellChars(limits.maxCellChars, at)
      if (column > limits.maxColumns) throw overLimit.columns(limits.maxColumns, at)
      cells[column - 1] = text
    }
    if (++elements > limits.maxCells) throw overLimit.cells(limits.maxCells)
    if (cells.length > 0) {
      // the header row plus maxRows data rows
      if (records.length > limits.maxRows) throw overLimit.rows(limits.maxRows)
      records.push({ row: rowNumber, cells: Array.from(cells, (v) => v ?? '') })
    }
    sinceTurn += 1 + cells.length + (row.inner?.length ?? 0) / 256
    if (sinceTurn > 4000) {
      sinceTurn = 0
      await nextTurn()
    }
  }
  return records
}

/** A cell's text: shared or inline string, formula string, boolean, date (by its style) or number. */
function cellText(
  attrs: Record<string, string>,
  inner: string,
  book: Book,
  rawMax: number,
  limits: TableLimits,
  at: { row: number; column: number },
): string {
  const t = attrs.t ?? 'n'
  if (t === 'inlineStr') return runsText(inner)
  const v = /<(?:[\w.-]+:)?v(?:\s[^>]*)?>([\s\S]*)<\/(?:[\w.-]+:)?v>/.exec(inner)?.[1]
  if (v === undefined) return ''
  if (t === 's') {
    const i = Number(v)
    const known = book.decoded.get(i)
    if (known !== undefined) return known
    const raw = book.shared[i]
    if (raw === undefined) return ''
    if (raw.length > rawMax) throw overLimit.cellChars(limits.maxCellChars, at)
    const text = runsText(raw)
    book.decoded.set(i, text)
    return text
  }
  if (t === 'str') return xmlText(v)
  if (t === 'b') return v.trim() === '1' ? 'true' : 'false'
  if (t === 'd') return xmlText(v).slice(0, 10)
  if (t === 'e') return ''
  const n = Number(v)
  if (v.trim() === '' || !Number.isFinite(n)) return xmlText(v)
  return book.dates.has(Number(attrs.s ?? 0)) ? serialDate(n, book.date1904) : String(n)
}

/** The column of an A1 reference: B3 → 2. Four or more letters are past any sheet (XFD is the last). */
function refColumn(ref: string): number {
  const m = /^\$?([A-Za-z]+)\$?\d+$/.exec(ref)
  if (!m) throw unreadable()
  if (m[1].length > 3) return Number.MAX_SAFE_INTEGER
  let n = 0
  for (const ch of m[1].toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64
  return n
}

/**
 * The `<name …/>` and `<name …>…</name>` elements of `xml` in order, by indexOf (linear: an unclosed
 * element ends the scan instead of making a regex retry from every position). Elements of this name
 * do not nest in a sheet (rows hold cells, cells hold values).
 */
function* elementsOf(
  xml: string,
  name: string,
): Generator<{ attrs: Record<string, string>; inner: string | undefined }> {
  const open = `<${name}`
  const close = `</${name}>`
  for (let p = xml.indexOf(open); p >= 0;) {
    // `<c` must not be the start of `<col` or `<cfRule`: the name ends at white space, `/` or `>`
    if (!/[\s/>]/.test(xml.charAt(p + open.length))) {
      p = xml.indexOf(open, p + 1)
      continue
    }
    const gt = xml.indexOf('>', p)
    if (gt < 0) throw unreadable()
    const empty = xml.charCodeAt(gt - 1) === 0x2f
    const attrs = attributes(xml.slice(p + open.length, empty ? gt - 1 : gt))
    if (empty) {
      yield { attrs, inner: undefined }
      p = xml.indexOf(open, gt)
      continue
    }
    const end = xml.indexOf(close, gt)
    if (end < 0) throw unreadable()
    yield { attrs, inner: xml.slice(gt + 1, end) }
    p = xml.indexOf(open, end + close.length)
  }
}
