import ExcelJS from 'exceljs'
import { crc32, deflateRawSync } from 'node:zlib'
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

/** A column of a written sheet: its header (bold, row 1) and width in characters. */
export interface SheetColumn {
  header: string
  width: number
}

/**
 * One sheet as an .xlsx file, written directly: five small XML parts (strings inline, a bold header
 * style) in a deflated ZIP. For plain lists such as the digest's attachment; ~20× faster than building
 * the same file through exceljs' object model (5,600 rows: ≈ 25 ms against ≈ 0.5 s). Empty strings and
 * undefined leave the cell out.
 */
export function xlsxFile(sheetName: string, columns: readonly SheetColumn[], rows: readonly (readonly (string | number | undefined)[])[]): Buffer {
  const letters = columns.map((_, i) => colLetter(i))
  const row = (r: number, cells: readonly (string | number | undefined)[], style: string): string => {
    let out = `<row r="${r}">`
    for (let i = 0; i < letters.length; i++) {
      const v = cells[i]
      if (v === undefined || v === '') continue
      if (typeof v === 'number') out += `<c r="${letters[i]}${r}"${style}><v>${v}</v></c>`
      else out += `<c r="${letters[i]}${r}"${style} t="inlineStr"><is>${textRun(v)}</is></c>`
    }
    return `${out}</row>`
  }
  const parts = [row(1, columns.map((c) => c.header), ' s="1"')]
  for (let i = 0; i < rows.length; i++) parts.push(row(i + 2, rows[i], ''))
  const sheet =
    `${XML_HEAD}<worksheet xmlns="${SML}"><cols>${columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('')}</cols>` +
    `<sheetData>${parts.join('')}</sheetData></worksheet>`
  return zip([
    ['[Content_Types].xml', CONTENT_TYPES],
    ['_rels/.rels', ROOT_RELS],
    ['xl/workbook.xml', `${XML_HEAD}<workbook xmlns="${SML}" xmlns:r="${REL}"><sheets><sheet name="${xmlText(sheetName.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', WORKBOOK_RELS],
    ['xl/styles.xml', STYLES],
    ['xl/worksheets/sheet1.xml', sheet],
  ])
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
const SML = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships'
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml'
const CONTENT_TYPES =
  `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="${CT}.worksheet+xml"/>` +
  `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/></Types>`
const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
const WORKBOOK_RELS =
  `${XML_HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`
const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${SML}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'

/** `<t>` with xml:space="preserve" only when spaces at either end would otherwise be dropped */
function textRun(v: string): string {
  const t = xmlText(v)
  return v.trim() === v ? `<t>${t}</t>` : `<t xml:space="preserve">${t}</t>`
}

function colLetter(i: number): string {
  let s = ''
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

/** Escapes markup and drops the control characters XML 1.0 cannot carry. */
function xmlText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s
  return s.replace(NOT_XML, '').replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;'))
}
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/

/** A ZIP archive of deflated entries (no extra fields, fixed 1980-01-01 timestamps: same input, same bytes). */
function zip(entries: readonly [name: string, text: string][]): Buffer {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const [name, text] of entries) {
    const data = Buffer.from(text, 'utf8')
    const packed = deflateRawSync(data, { level: 3 }) // a third of level 6's time, ~13 % larger
    const nameBytes = Buffer.from(name, 'utf8')
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed
    local.writeUInt16LE(0x0800, 6) // names in UTF-8
    local.writeUInt16LE(8, 8) // deflate
    local.writeUInt16LE(0, 10) // time
    local.writeUInt16LE(0x21, 12) // date: 1980-01-01
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    local.writeUInt16LE(0, 28)
    const dir = Buffer.alloc(46)
    dir.writeUInt32LE(0x02014b50, 0)
    dir.writeUInt16LE(20, 4) // version made by
    local.copy(dir, 6, 4, 30) // version needed … name and extra lengths, as in the local header
    dir.writeUInt32LE(offset, 42)
    central.push(dir, nameBytes)
    locals.push(local, nameBytes, packed)
    offset += local.length + nameBytes.length + packed.length
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(dirSize, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, ...central, end])
}
