import type ExcelJS from 'exceljs'
import type { Question } from '../forms/question.js'

/**
 * A stored answer as the template shows it, so that reading the cell gives the same answer back:
 * money in 万元 (12 345 678 分 → 12.345678), a percentage as "96%" (a bare 0.5 would be asked about),
 * a date as "2027-10-31", an unfinished milestone as 未完成, 是/否, several reasons joined with 、.
 */
export function answerCellValue(q: Question, v: unknown): ExcelJS.CellValue {
  if (v === undefined) return null
  if (v === null) return q.kind === 'date' ? '未完成' : null
  switch (q.kind) {
    case 'money':
      return typeof v === 'number' ? v / 1_000_000 : null
    case 'percent':
      return typeof v === 'number' ? `${v}%` : null
    case 'number':
    case 'integer':
      return typeof v === 'number' ? v : null
    case 'yes-no':
      return typeof v === 'boolean' ? (v ? '是' : '否') : null
    case 'multi-choice':
      return Array.isArray(v) ? v.map(String).join('、') : null
    default:
      return typeof v === 'string' ? v : null
  }
}
