import type ExcelJS from 'exceljs'
import { cleanText } from '../../forms/parse/clean-text.js'

/**
 * Makes a workbook built in memory safe to write whatever the database holds: every string in every
 * cell goes through cleanText (the same function that cleans answers on the way in), because exceljs
 * writes a U+0001 or U+000B straight into sharedStrings.xml, which no XML parser accepts, and Excel
 * then calls the whole file damaged. Data stored before answers were cleaned is the reason this runs
 * on the way out too. Only the cells written are visited (eachRow/eachCell skip empty ones).
 */
export function cleanWorkbook(wb: ExcelJS.Workbook): void {
  wb.eachSheet((ws) => {
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        // a merged range's other cells show the master's value: the master is cleaned once
        if (cell.isMerged && cell.master !== cell) return
        const v = cell.value
        const clean = cleanCellValue(v)
        if (clean !== v) cell.value = clean
      })
    })
  })
}

/** One cell's value with its text cleaned; numbers, dates and booleans come back unchanged. */
export function cleanCellValue(v: ExcelJS.CellValue): ExcelJS.CellValue {
  if (typeof v === 'string') return cleanText(v)
  if (!v || typeof v !== 'object' || v instanceof Date) return v
  if ('richText' in v) return { ...v, richText: v.richText.map((t) => ({ ...t, text: cleanText(t.text) })) }
  if ('hyperlink' in v) return { ...v, text: cleanText(v.text), hyperlink: cleanText(v.hyperlink) }
  if ('formula' in v && typeof v.result === 'string') return { ...v, result: cleanText(v.result) } as ExcelJS.CellValue
  return v
}
