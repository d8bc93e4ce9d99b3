import type ExcelJS from 'exceljs'
import type { Question } from '../forms/question.js'
import { answerCellValue } from './answer-cell-value.js'
import { answerValidation } from './answer-validation.js'
import { KEY_COLUMN, type CellRef } from './template-ids.js'

export type RowAt = { key: string; row: ExcelJS.Row }
const FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF7D6' } }

/** A sheet name Excel accepts: no []:*?/\ and at most 31 characters. */
export function sheetName(name: string): string {
  return name
    .replace(/[[\]:*?/\\]/g, ' ')
    .slice(0, 31)
    .trim()
}

/**
 * One sheet of a fill-in template: every row gets a key in the hidden key column, locked by default
 * (the sheet is protected when done); `answer` unlocks a cell, gives it the question's validation and
 * records it in the cell map the reader follows.
 */
export class TemplateSheet {
  readonly cells: CellRef[] = []
  private n = 0
  /** `answers`: the unit's latest answers, shown in their cells (a clerk continues, or corrects) */
  constructor(
    readonly ws: ExcelJS.Worksheet,
    readonly name: string,
    private readonly answers: Record<string, unknown> = {},
  ) {
    ws.getColumn(KEY_COLUMN).hidden = true
  }

  row(values: (string | number | null)[], merges: [number, number][] = []): RowAt {
    const row = this.ws.addRow(values)
    const key = `r${++this.n}`
    row.getCell(KEY_COLUMN).value = key
    for (const [a, b] of merges) this.ws.mergeCells(row.number, a, row.number, b)
    return { key, row }
  }

  /** A money amount in 万元, exact: 142.153 shown as 142.153 (never the rounded 142.15). */
  wan(at: RowAt, col: number, fen: number | undefined | null): void {
    if (fen === undefined || fen === null) return
    const cell = at.row.getCell(col)
    cell.value = fen / 1_000_000
    cell.numFmt = '0.00####'
  }

  answer(at: RowAt, col: number, q: Question | undefined, label: string, unit?: { at: RowAt; col: number }): void {
    if (!q) return
    const cell = at.row.getCell(col)
    cell.protection = { locked: false }
    cell.fill = FILL
    if (q.kind === 'money') cell.numFmt = '0.00####'
    if (q.kind === 'date') cell.numFmt = 'yyyy-mm-dd'
    const v = answerValidation(q, '万元')
    if (v) cell.dataValidation = v
    const value = answerCellValue(q, this.answers[q.path])
    if (value !== null) cell.value = value
    this.cells.push({
      sheet: this.name,
      row: at.key,
      col: cell.address.replace(/\d+$/, ''),
      path: q.path,
      ...(unit ? { unit: { row: unit.at.key, col: unit.at.row.getCell(unit.col).address.replace(/\d+$/, '') } } : {}),
      label,
    })
  }

  async protect(): Promise<void> {
    // no password: the lock guards against slips, not against a clerk who means to change a budget
    await this.ws.protect('', {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatColumns: true,
      formatRows: true,
      insertRows: true,
    })
  }
}
