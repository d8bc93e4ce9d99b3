import type ExcelJS from 'exceljs'
import type { BudgetLine, Indicator } from '../domain/types.js'
import { fenToWan } from './wan-yuan.js'

/**
 * The printed layout shared by the 项目支出 and 部门整体支出 monitoring tables (domain.md):
 *   row 1  title, merged over A:I
 *   row 2  header cells (项目名称 · 主管部门及代码 · 实施单位, or 单位名称 · 主管部门及代码)
 *   row 3  funds header: caption (万元) · 年初预算数 · 调整后预算数 · 1-N月执行数 · 1-N月执行率 · 全年预计执行数 · 偏差原因说明
 *   rows   one per fund line: amounts in 万元 with two decimals, the rate in %
 *   rows   年度总体目标 and 目标完成情况 (project table only)
 *   row    indicator header, then one row per indicator, runs of the same 一级指标 merged
 * `prefix` is where the form's answers for this block start ("projects.P1." or "").
 */
export interface SheetSpec {
  title: string
  period: string
  /** row 2: [label, value, label, value, label, value] laid over B:D, F:G and I */
  header: [string, string, string, string, string, string]
  fundsCaption: string
  lines: { key: string; label: string; budget: BudgetLine }[]
  goal?: { text: string }
  indicators: Indicator[]
  prefix: string
  answers: Record<string, unknown>
}

const CMP = { '>=': '≥', '<=': '≤', '=': '=' } as const

function text(v: unknown, measure = ''): string {
  if (v === undefined) return ''
  if (v === null) return '未完成'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (Array.isArray(v)) return v.map(String).join('、')
  return typeof v === 'number' ? `${v}${measure}` : String(v)
}

function remark(a: Record<string, unknown>, key: string): string {
  const parts = [a[`${key}.dev.explanation`], a[`${key}.dev.measures`] ? `纠偏措施：${String(a[`${key}.dev.measures`])}` : undefined, a[`${key}.overBudgetReason`]]
  return parts.filter((p) => p !== undefined && p !== null && p !== '').map(String).join('；')
}

export function writeMonitoringSheet(ws: ExcelJS.Worksheet, s: SheetSpec): void {
  const a = s.answers
  const merge = (range: string) => ws.mergeCells(range)
  ws.columns = [10, 12, 22, 14, 14, 14, 14, 16, 30].map((width) => ({ width }))
  ws.addRow([`${s.title}（${s.period}）`])
  merge('A1:I1')
  const [l1, v1, l2, v2, l3, v3] = s.header
  ws.addRow([l1, v1, '', '', l2, v2, '', l3, v3])
  merge('B2:D2')
  merge('F2:G2')
  ws.addRow([s.fundsCaption, '', '年初预算数', '调整后预算数', `${s.period}执行数`, `${s.period}执行率`, '全年预计执行数', '偏差原因说明', ''])
  merge('A3:B3')
  merge('H3:I3')
  for (const line of s.lines) {
    const budget = line.budget.adjusted ?? line.budget.initial
    const executed = a[`${s.prefix}funds.${line.key}.executed`]
    const expected = a[`${s.prefix}funds.${line.key}.expected`]
    const row = ws.addRow([
      line.label,
      '',
      fenToWan(line.budget.initial),
      line.budget.adjusted === undefined ? null : fenToWan(line.budget.adjusted),
      typeof executed === 'number' ? fenToWan(executed) : null,
      typeof executed === 'number' && budget > 0 ? Math.round((executed / budget) * 10000) / 10000 : null,
      typeof expected === 'number' ? fenToWan(expected) : null,
      remark(a, `${s.prefix}funds.${line.key}`),
      '',
    ])
    for (const c of [3, 4, 5, 7]) row.getCell(c).numFmt = '0.00'
    row.getCell(6).numFmt = '0.00%'
    merge(`A${row.number}:B${row.number}`)
    merge(`H${row.number}:I${row.number}`)
  }
  if (s.goal) {
    for (const [label, value] of [['年度总体目标', s.goal.text], ['目标完成情况', text(a[`${s.prefix}goalProgress`])]]) {
      const row = ws.addRow([label, '', value])
      merge(`A${row.number}:B${row.number}`)
      merge(`C${row.number}:I${row.number}`)
    }
  }
  const head = ws.addRow(['一级指标', '二级指标', '三级指标', '年度指标值', `${s.period}实际完成值`, '全年预计完成值', '偏差原因分析', '完成目标可能性', '备注'])
  writeIndicators(ws, s.indicators, a, s.prefix)
  for (const r of [1, 2, 3, head.number]) ws.getRow(r).font = { bold: true }
}

function writeIndicators(ws: ExcelJS.Worksheet, list: Indicator[], a: Record<string, unknown>, prefix: string): void {
  const first = ws.rowCount + 1
  for (const ind of list) {
    const k = `${prefix}indicators.${ind.code}`
    const target = ind.basis === 'qualitative' ? String(ind.target) : `${CMP[ind.comparator]}${ind.target}${ind.measure}`
    ws.addRow([ind.level1, ind.level2, ind.name, target, text(a[`${k}.actual`], ind.measure), text(a[`${k}.expected`], ind.measure), text(a[`${k}.dev.reasons`]), text(a[`${k}.dev.likelihood`]), remark(a, k)])
  }
  // merge runs of the same 一级指标, as the printed table does
  let start = first
  for (let r = first + 1; r <= ws.rowCount + 1; r++) {
    const same = r <= ws.rowCount && ws.getCell(`A${r}`).value === ws.getCell(`A${start}`).value
    if (same) continue
    if (r - 1 > start) ws.mergeCells(`A${start}:A${r - 1}`)
    start = r
  }
}
