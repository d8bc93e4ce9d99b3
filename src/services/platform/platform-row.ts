import type { Fen } from '../../domain/types.js'
import { cleanText } from '../../forms/parse/clean-text.js'
import { columnLetters } from '../spreadsheets/table-limits.js'
import type { TableRecord } from '../spreadsheets/xlsx-records.js'
import type { PlatformField } from './platform-fields.js'
import type { FoundColumn } from './platform-header.js'
import { moneyToFen } from './platform-money.js'

/** One problem in a platform file, where a clerk finds it: row 7, column D (年初预算). */
export interface CellError {
  row: number
  column: string
  header: string
  message: string
}

/** Reads one data row's mapped cells, collecting problems by cell instead of throwing. */
export class PlatformRow {
  constructor(
    private readonly record: TableRecord,
    private readonly columns: Map<PlatformField, FoundColumn>,
    private readonly errors: CellError[],
  ) {}

  get row(): number {
    return this.record.row
  }

  has(field: PlatformField): boolean {
    return this.columns.has(field)
  }

  /** the cell's text, trimmed and cleaned; '' for an unmapped column */
  text(field: PlatformField): string {
    const c = this.columns.get(field)
    return c ? cleanText(this.record.cells[c.column - 1] ?? '').trim() : ''
  }

  /** true when none of the mapped cells holds anything (a spacer row) */
  blank(): boolean {
    return [...this.columns.keys()].every((f) => this.text(f) === '')
  }

  /** a money cell in 分, undefined when empty (or unmapped); a bad amount is reported */
  money(field: PlatformField): Fen | undefined {
    const c = this.columns.get(field)
    const t = this.text(field)
    if (!c || t === '') return undefined
    const fen = moneyToFen(t, c.unit ?? '元')
    if (fen === null)
      this.fail(field, `“${t}”不是金额（${c.unit ?? '元'}${c.unit === '万元' ? '，最多六位小数' : '，最多两位小数'}）`)
    return fen ?? undefined
  }

  /** reports a problem in this row's cell of `field` */
  fail(field: PlatformField, message: string): void {
    const c = this.columns.get(field)
    this.errors.push({
      row: this.record.row,
      column: c ? columnLetters(c.column) : '',
      header: c?.header ?? field,
      message,
    })
  }
}
