import type ExcelJS from 'exceljs'

export type CellText = { kind: 'blank' } | { kind: 'text'; text: string } | { kind: 'error'; message: string }

const BLANK: CellText = { kind: 'blank' }

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !(v instanceof Date)
}

function plain(v: unknown, numFmt: string | undefined): CellText {
  if (v === null || v === undefined) return BLANK
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { kind: 'error', message: '不是有效数字' }
    // a cell formatted as a percentage holds 0.95 for "95%"
    if (numFmt?.includes('%')) return { kind: 'text', text: `${+(v * 100).toPrecision(12)}%` }
    // Excel may store 142.153 as 142.15299999999999: 15 significant digits are what it shows and means
    return { kind: 'text', text: String(+v.toPrecision(15)) }
  }
  if (typeof v === 'boolean') return { kind: 'text', text: v ? '是' : '否' }
  if (v instanceof Date) return { kind: 'text', text: v.toISOString().slice(0, 10) }
  if (typeof v === 'string') return v.trim() === '' ? BLANK : { kind: 'text', text: v.trim() }
  if (isObject(v)) {
    if (Array.isArray(v.richText)) {
      const t = (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('')
      return plain(t, numFmt)
    }
    if (typeof v.text === 'string') return plain(v.text, numFmt)
    if (typeof v.error === 'string') return { kind: 'error', message: `单元格是错误值 ${v.error}，请改为数值或文字` }
  }
  return { kind: 'error', message: '无法识别单元格内容' }
}

/**
 * What a clerk's cell says, as text for the same parsers the chat uses:
 *   15.3 → "15.3" (the number kept too) · 0.95 formatted 0% → "95%" · a date → "2027-10-31" ·
 *   =SUM(…) saved by Excel → its cached result · =SUM(…) never calculated → an error asking to save in Excel ·
 *   the covered part of a merged range → blank (the value belongs to the range's first cell).
 */
export function cellText(cell: ExcelJS.Cell): CellText {
  if (cell.isMerged && cell.master.address !== cell.address) return BLANK
  const v = cell.value as unknown
  if (isObject(v) && ('formula' in v || 'sharedFormula' in v)) {
    if (!('result' in v) || v.result === undefined || v.result === null)
      return { kind: 'error', message: '公式没有计算结果：请在 Excel 中打开并保存后再上传' }
    return plain(v.result, cell.numFmt)
  }
  return plain(v, cell.numFmt)
}
