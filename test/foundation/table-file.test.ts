import { describe, expect, it } from '@jest/globals'
import JSZip from 'jszip'
import { readTable } from '../../src/services/spreadsheets/table-file.js'
import type { TableLimits } from '../../src/services/spreadsheets/table-limits.js'

const LIMITS: TableLimits = {
  maxRows: 50_000,
  maxColumns: 64,
  maxCellChars: 2000,
  maxCells: 1_000_000,
  maxUnzippedBytes: 10 * 1024 * 1024,
}

/** A minimal XLSX written by hand: the parts a spreadsheet program may write, not only what exceljs writes. */
async function xlsx(parts: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip()
  for (const [name, text] of Object.entries(parts)) zip.file(name, text)
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}

const NS =
  'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
const workbook = (target: string) => ({
  'xl/workbook.xml': `<?xml version="1.0"?><x:workbook ${NS}><x:workbookPr date1904="1"/><x:sheets><x:sheet name="数据" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>`,
  'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Target="${target}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Id="rId7"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/></Relationships>`,
})
const sheet = (rows: string) =>
  `<?xml version="1.0"?><x:worksheet ${NS}><x:cols><x:col min="1" max="3"/></x:cols><x:sheetData>${rows}</x:sheetData></x:worksheet>`

describe('readTable: XLSX parts as other programs write them', () => {
  it('follows the workbook to its first sheet, reads prefixed tags, shared and inline strings, escapes', async () => {
    const file = await xlsx({
      ...workbook('/xl/worksheets/data.xml'),
      // a second sheet earlier in the archive and by name: not the workbook's first sheet
      'xl/worksheets/sheet1.xml': sheet(
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>wrong sheet</x:t></x:is></x:c></x:row>',
      ),
      'xl/worksheets/data.xml': sheet(
        '<x:row r="1"><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>备注</x:t></x:is></x:c></x:row>' +
          '<x:row r="4" spans="1:3"><x:c r="A4" t="s"><x:v>2</x:v></x:c><x:c r="B4"><x:v>1.50</x:v></x:c><x:c r="C4" t="str"><x:f>A4</x:f><x:v>a&amp;b_x000D_c</x:v></x:c><x:c r="D4" s="1"/></x:row>',
      ),
      'xl/strings.xml': `<?xml version="1.0"?><x:sst ${NS}><x:si><x:t>单位代码</x:t></x:si><x:si><x:r><x:t>金</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">额</x:t></x:r><x:rPh sb="0" eb="1"><x:t>キン</x:t></x:rPh></x:si><x:si><x:t>&lt;D1&gt;</x:t></x:si></x:sst>`,
    })
    expect(await readTable('xlsx', file, LIMITS)).toEqual([
      { row: 4, values: { 单位代码: '<D1>', 金额: '1.5', 备注: 'a&b\nc' } },
    ])
  })

  it('refuses past each limit with a 400 naming it', async () => {
    const rows = (n: number, cols = 2) =>
      Array.from(
        { length: n },
        (_, i) =>
          `<x:row r="${i + 1}">${Array.from({ length: cols }, (_, j) => `<x:c t="inlineStr"><x:is><x:t>r${i}c${j}</x:t></x:is></x:c>`).join('')}</x:row>`,
      ).join('')
    const file = async (xml: string) =>
      xlsx({ ...workbook('worksheets/sheet1.xml'), 'xl/worksheets/sheet1.xml': sheet(xml) })
    const refused = async (data: Buffer, limits: Partial<TableLimits>) => {
      const err = (await readTable('xlsx', data, { ...LIMITS, ...limits }).catch((e: unknown) => e)) as {
        status: number
        details: unknown
      }
      expect(err.status).toBe(400)
      return err.details
    }
    expect(await refused(await file(rows(4)), { maxRows: 2 })).toEqual({ limit: 'rows', max: 2 })
    expect(await refused(await file(rows(3, 3)), { maxCells: 5 })).toEqual({ limit: 'cells', max: 5 })
    expect(await refused(await file(rows(1, 4)), { maxColumns: 3 })).toEqual({
      limit: 'columns',
      max: 3,
      row: 1,
      column: 4,
    })
    expect(
      await refused(
        await file(rows(1) + '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>123456</x:t></x:is></x:c></x:row>'),
        { maxCellChars: 5 },
      ),
    ).toEqual({ limit: 'cellChars', max: 5, row: 2, column: 1 })
    // a zip bomb in small: 200 KB of XML that zips to a few hundred bytes, against a 100 KB budget
    expect(await refused(await file(`${rows(1)}${' '.repeat(200_000)}`), { maxUnzippedBytes: 100_000 })).toEqual({
      limit: 'unzippedBytes',
      max: 100_000,
    })
    // more shared strings than the table may have cells: refused before any is decoded
    const strings = `<x:sst ${NS}>${'<x:si><x:t>a</x:t></x:si>'.repeat(10)}</x:sst>`
    expect(
      await refused(
        await xlsx({
          ...workbook('worksheets/sheet1.xml'),
          'xl/worksheets/sheet1.xml': sheet(rows(1)),
          'xl/strings.xml': strings,
        }),
        { maxCells: 5 },
      ),
    ).toEqual({ limit: 'cells', max: 5 })
    // empty cells past the last column (formatting) are no content: read, not refused
    expect(
      await readTable('xlsx', await file(`${rows(2)}<x:row r="3"><x:c r="XFD3" s="1"/></x:row>`), LIMITS),
    ).toHaveLength(1)
  })
})

describe('readTable: CSV limits', () => {
  it('counts quoted separators as text and refuses past the limits', async () => {
    const csv = (s: string) => Buffer.from(s)
    expect(await readTable('csv', csv('a,b\n"1,2,3",x\n'), { ...LIMITS, maxColumns: 2 })).toEqual([
      { row: 2, values: { a: '1,2,3', b: 'x' } },
    ])
    const details = async (s: string, limits: Partial<TableLimits>) =>
      ((await readTable('csv', csv(s), { ...LIMITS, ...limits }).catch((e: unknown) => e)) as { details: unknown })
        .details
    expect(await details('a,b\n1,2,\n', { maxColumns: 2 })).toEqual({ limit: 'columns', max: 2, row: 2, column: 3 })
    expect(await details('a\n1\n2\n3\n', { maxRows: 2 })).toEqual({ limit: 'rows', max: 2 })
    expect(await details('a,b\n1,2\n3,4\n', { maxCells: 5 })).toEqual({ limit: 'cells', max: 5 })
    expect(await details(`a\n${'x'.repeat(300)}\n`, { maxColumns: 2, maxCellChars: 100 })).toEqual({
      limit: 'cellChars',
      max: 100,
      row: 2,
      column: 1,
    })
  })
})
