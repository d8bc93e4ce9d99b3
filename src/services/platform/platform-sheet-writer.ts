import ExcelJS from 'exceljs'
import { cleanWorkbook } from '../exports/clean-workbook.js'
import { columnLetters } from '../spreadsheets/table-limits.js'
import { PLATFORM_FIELDS } from './platform-fields.js'
import type { PlatformLayout } from './platform-mapping.js'
import { fenToUnit } from './platform-money.js'
import type { PlatformRecord } from './platform-export-rows.js'

/**
 * Writes records in a mapping's layout: an optional title row, the header where the layout says
 * (a two-row header merges each group across its columns and each ungrouped header down both rows),
 * then one row per record. Money is written as the exact amount in the column's unit with a `0.00`
 * number format — 142.153万元 stays 142.153 in the cell and only shows as 142.15 — and rates as
 * fractions with `0.00%`.
 */
export async function writePlatformSheet(layout: PlatformLayout, records: readonly PlatformRecord[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(layout.sheetName ?? (typeof layout.sheet === 'string' ? layout.sheet : 'Sheet1'))
  const cols = layout.columns
  ws.columns = cols.map((c) => ({ width: c.width ?? Math.max(10, c.header.length * 2 + 2) }))
  const last = columnLetters(cols.length)
  const h = layout.headerRow
  if (layout.title && h > 1) {
    ws.getCell('A1').value = layout.title
    ws.mergeCells(`A1:${last}1`)
  }
  if (layout.headerRows === 1) {
    cols.forEach((c, i) => (ws.getCell(h, i + 1).value = c.header))
  } else {
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]
      if (!c.group) {
        ws.getCell(h, i + 1).value = c.header
        ws.mergeCells(h, i + 1, h + 1, i + 1)
        continue
      }
      let end = i
      while (end + 1 < cols.length && cols[end + 1].group === c.group) end++
      ws.getCell(h, i + 1).value = c.group
      if (end > i) ws.mergeCells(h, i + 1, h, end + 1)
      for (let k = i; k <= end; k++) ws.getCell(h + 1, k + 1).value = cols[k].header
      i = end
    }
  }
  for (let r = h; r < h + layout.headerRows; r++) ws.getRow(r).font = { bold: true }
  ws.views = [{ state: 'frozen', ySplit: h + layout.headerRows - 1 }]
  let row = h + layout.headerRows
  for (const rec of records) {
    cols.forEach((c, i) => {
      const v = rec[c.field]
      if (v === undefined || v === '') return
      const cell = ws.getCell(row, i + 1)
      if (typeof v === 'object') {
        cell.value = fenToUnit(v.fen, c.unit ?? '元')
        cell.numFmt = '0.00'
      } else {
        cell.value = v
        if (PLATFORM_FIELDS[c.field] === 'percent' && typeof v === 'number') cell.numFmt = '0.00%'
      }
    })
    row++
  }
  // names and answers come from the database as stored: control characters would make the XML invalid
  cleanWorkbook(wb)
  return Buffer.from(await wb.xlsx.writeBuffer())
}
