import type ExcelJS from 'exceljs'
import type { FormCode } from '../domain/types.js'

/**
 * What a fill-in template says about itself, on a very hidden sheet "_tianbao" the reader checks before
 * reading any answer: whose it is (unit, round), which form and template version, and which layout.
 *   A1 unitCode      B1 D012
 *   A2 roundId       B2 66f0c2…
 *   A3 form          B3 project
 *   A4 templateId    B4 project@1
 *   A5 layoutVersion B5 1
 * then, from row 7, one row per answer cell: sheet · row key · column · answer path · where the money
 * unit is written (row key · column) · the column's words. Bump LAYOUT_VERSION whenever the cells move,
 * so a file made from an older layout is refused instead of read into the wrong answers.
 */
export const LAYOUT_VERSION = 1
export const META_SHEET = '_tianbao'
/**
 * Every row of a template sheet carries its key ("r12") in this hidden column, and the map names rows
 * by key, not number: a clerk who inserts or deletes rows still has every answer read from its cell.
 */
export const KEY_COLUMN = 14

export interface TemplateIds {
  unitCode: string
  roundId: string
  form: FormCode
  templateId: string
  layoutVersion: number
}

/** One answer cell: `{ sheet: '项目1 乡村道路养护', row: 'r5', col: 'E', path: 'projects.P1.funds.total.executed' }`. */
export interface CellRef {
  sheet: string
  row: string
  col: string
  path: string
  /** the cell whose words say 万元 or 元 for a bare number (money only) */
  unit?: { row: string; col: string }
  /** the column's words, for messages: "1-9月执行数" */
  label: string
}

const FIRST_CELL_ROW = 7

export function writeIds(wb: ExcelJS.Workbook, ids: TemplateIds, cells: readonly CellRef[]): void {
  const ws = wb.addWorksheet(META_SHEET, { state: 'veryHidden' })
  ws.addRow(['unitCode', ids.unitCode])
  ws.addRow(['roundId', ids.roundId])
  ws.addRow(['form', ids.form])
  ws.addRow(['templateId', ids.templateId])
  ws.addRow(['layoutVersion', ids.layoutVersion])
  ws.addRow([])
  for (const c of cells) ws.addRow([c.sheet, c.row, c.col, c.path, c.unit?.row ?? '', c.unit?.col ?? '', c.label])
}

const str = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : String(v as string | number))

/** The ids and the cell map, or null when the workbook has no such sheet (not a tianbao template). */
export function readIds(
  wb: ExcelJS.Workbook,
): { ids: Partial<Record<keyof TemplateIds, string>>; cells: CellRef[] } | null {
  const ws = wb.getWorksheet(META_SHEET)
  if (!ws) return null
  const ids: Partial<Record<keyof TemplateIds, string>> = {}
  for (let r = 1; r < FIRST_CELL_ROW - 1; r++) {
    const key = str(ws.getCell(r, 1).value) as keyof TemplateIds
    ids[key] = str(ws.getCell(r, 2).value)
  }
  const cells: CellRef[] = []
  for (let r = FIRST_CELL_ROW; r <= ws.rowCount; r++) {
    const v = (c: number) => str(ws.getCell(r, c).value)
    if (!v(4)) continue
    const unitRow = v(5)
    cells.push({
      sheet: v(1),
      row: v(2),
      col: v(3),
      path: v(4),
      ...(unitRow ? { unit: { row: unitRow, col: v(6) } } : {}),
      label: v(7),
    })
  }
  return { ids, cells }
}
