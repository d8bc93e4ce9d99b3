import type ExcelJS from 'exceljs'
import type { Indicator, Project } from '../domain/types.js'
import { fenToWan } from './wan-yuan.js'

export interface ProjectSheetData {
  project: Project
  unitName: string
  department: string
  period: string
  answers: Record<string, unknown>
}

const CMP = { '>=': '≥', '<=': '≤', '=': '=' } as const
const LINES = [
  ['total', '年度资金总额'],
  ['fiscal', '其中：财政拨款'],
  ['other', '其他资金'],
] as const
const WAN = '0.00'
const PCT = '0.00%'

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

/**
 * One 项目支出绩效目标执行监控表 in the standard layout (domain.md): title, header row (项目名称 ·
 * 主管部门及代码 · 实施单位), the funds block in 万元 with two decimals and the execution rate in %, the
 * year's goal, then one row per indicator with consecutive equal 一级指标 merged.
 */
export function writeProjectSheet(ws: ExcelJS.Worksheet, d: ProjectSheetData): void {
  const a = d.answers
  const p = `projects.${d.project.code}`
  ws.columns = [10, 12, 22, 14, 14, 14, 14, 16, 30].map((width) => ({ width }))
  ws.addRow([`项目支出绩效目标执行监控表（${d.period}）`])
  ws.mergeCells('A1:I1')
  ws.addRow(['项目名称', d.project.name, '', '', '主管部门及代码', d.department, '', '实施单位', d.unitName])
  ws.mergeCells('B2:D2')
  ws.mergeCells('F2:G2')
  ws.addRow(['项目资金（万元）', '', '年初预算数', '调整后预算数', `${d.period}执行数`, `${d.period}执行率`, '全年预计执行数', '偏差原因说明', ''])
  ws.mergeCells('A3:B3')
  ws.mergeCells('H3:I3')
  LINES.forEach(([key, label], i) => {
    const line = d.project.funds[key]
    const budget = line.adjusted ?? line.initial
    const executed = a[`${p}.funds.${key}.executed`]
    const expected = a[`${p}.funds.${key}.expected`]
    const row = ws.addRow([
      label,
      '',
      fenToWan(line.initial),
      line.adjusted === undefined ? null : fenToWan(line.adjusted),
      typeof executed === 'number' ? fenToWan(executed) : null,
      typeof executed === 'number' && budget > 0 ? Math.round((executed / budget) * 10000) / 10000 : null,
      typeof expected === 'number' ? fenToWan(expected) : null,
      remark(a, `${p}.funds.${key}`),
      '',
    ])
    for (const c of [3, 4, 5, 7]) row.getCell(c).numFmt = WAN
    row.getCell(6).numFmt = PCT
    ws.mergeCells(`A${4 + i}:B${4 + i}`)
    ws.mergeCells(`H${4 + i}:I${4 + i}`)
  })
  ws.addRow(['年度总体目标', '', d.project.goal])
  ws.mergeCells('A7:B7')
  ws.mergeCells('C7:I7')
  ws.addRow(['目标完成情况', '', text(a[`${p}.goalProgress`])])
  ws.mergeCells('A8:B8')
  ws.mergeCells('C8:I8')
  ws.addRow(['一级指标', '二级指标', '三级指标', '年度指标值', `${d.period}实际完成值`, '全年预计完成值', '偏差原因分析', '完成目标可能性', '备注'])
  writeIndicators(ws, d.project.indicators, a, p)
  for (const r of [1, 2, 3, 9]) ws.getRow(r).font = { bold: true }
}

function writeIndicators(ws: ExcelJS.Worksheet, list: Indicator[], a: Record<string, unknown>, p: string): void {
  const first = ws.rowCount + 1
  for (const ind of list) {
    const k = `${p}.indicators.${ind.code}`
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
