import type ExcelJS from 'exceljs'
import type { PrintedTable } from '../../forms/printed-table.js'
import { fenToWan } from '../spreadsheets/wan-yuan.js'

/**
 * Writes a printed monitoring table (src/forms/printed-table.ts: words and figures from the template
 * and the answers) in the standard layout of the 项目支出 and 部门整体支出 tables (domain.md):
 *   row 1  title, merged over A:K
 *   row 2  header cells (项目名称 · 主管部门及代码 · 实施单位, or 单位名称 · 主管部门及代码 · 单位代码)
 *   row 3  funds header: caption (万元) · 年初预算数 · 调整后预算数 · 1-N月执行数 · 1-N月执行率 · 全年预计执行数 ·
 *          偏差原因说明 (H:I) · 偏差原因分析 (J) · 完成目标可能性 (K)
 *   rows   one per fund line: amounts the exact 万元 (分 / 1,000,000) shown with two decimals by the number
 *          format — the stored value is never rounded — and the rate in %
 * The fund lines' two deviation columns come after the A:I block the printed table always had, so every
 * cell that was there stays where it was.
 *   rows   年度总体目标 and 目标完成情况 (project table only)
 *   row    indicator header, then one row per indicator, runs of the same 一级指标 merged
 */
export function writeMonitoringSheet(ws: ExcelJS.Worksheet, t: PrintedTable): void {
  const merge = (range: string) => ws.mergeCells(range)
  ws.columns = [10, 12, 22, 14, 14, 14, 14, 16, 30, 16, 14].map((width) => ({ width }))
  ws.addRow([t.title])
  merge('A1:K1')
  const [l1, v1, l2, v2, l3, v3] = t.header
  ws.addRow([l1, v1, '', '', l2, v2, '', l3, v3])
  merge('B2:D2')
  merge('F2:G2')
  ws.addRow([...t.fundsHeader, ...t.fundsDeviationHeader])
  merge('A3:B3')
  merge('H3:I3')
  for (const line of t.lines) {
    const wan = (v: number | null) => (v === null ? null : fenToWan(v))
    const row = ws.addRow([
      line.label,
      '',
      fenToWan(line.initial),
      wan(line.adjusted),
      wan(line.executed),
      line.rate,
      wan(line.expected),
      line.remark,
      '',
      line.reasons,
      line.likelihood,
    ])
    for (const c of [3, 4, 5, 7]) row.getCell(c).numFmt = '0.00'
    row.getCell(6).numFmt = '0.00%'
    merge(`A${row.number}:B${row.number}`)
    merge(`H${row.number}:I${row.number}`)
  }
  for (const [label, value] of t.goal) {
    const row = ws.addRow([label, '', value])
    merge(`A${row.number}:B${row.number}`)
    merge(`C${row.number}:I${row.number}`)
  }
  const head = ws.addRow(t.indicatorHeader)
  writeIndicators(ws, t.indicators)
  for (const r of [1, 2, 3, head.number]) ws.getRow(r).font = { bold: true }
}

function writeIndicators(ws: ExcelJS.Worksheet, rows: string[][]): void {
  const first = ws.rowCount + 1
  for (const r of rows) ws.addRow(r)
  // merge runs of the same 一级指标, as the printed table does
  let start = first
  for (let r = first + 1; r <= ws.rowCount + 1; r++) {
    const same = r <= ws.rowCount && ws.getCell(`A${r}`).value === ws.getCell(`A${start}`).value
    if (same) continue
    if (r - 1 > start) ws.mergeCells(`A${start}:A${r - 1}`)
    start = r
  }
}
