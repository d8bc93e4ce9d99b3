import ExcelJS from 'exceljs'
import { periodLabel } from '../domain/time-progress.js'
import type { FormContext } from '../forms/context.js'
import { expandForm, type Expansion, type FundLineRef, type IndicatorRef } from '../forms/expand.js'
import { kindOf } from '../forms/kinds/index.js'
import { printedTables, type PrintedTable } from '../forms/printed-table.js'
import type { FieldSpec } from '../forms/question.js'
import type { FormTemplate, FundLinesGroup, IndicatorsGroup } from '../forms/template.js'
import { LAYOUT_VERSION, writeIds, type CellRef } from './template-ids.js'
import { questionSheet } from './question-sheet.js'
import { sheetName, TemplateSheet, type RowAt } from './template-sheet.js'

export interface FillTemplateInput {
  template: FormTemplate
  ctx: FormContext
  roundId: string
  /** the 主管部门及代码 cell: "县交通运输局（D01）" */
  department: string
  /** the unit's latest answers of this form (a draft, a returned or submitted version), shown in their cells */
  answers?: Record<string, unknown>
}

const CMP = { '>=': '≥', '<=': '≤', '=': '=' } as const

/**
 * The fill-in template of one form for one unit, as XLSX. The 项目支出 and 部门整体支出 tables keep the
 * bureau's standard layout (the printed table's words, src/forms/printed-table.ts), one sheet per
 * project: what tianbao knows — unit, project, budgets in 万元 (exact), goal, indicators with targets,
 * last round's figures — is locked; the cells to fill are unlocked, tinted, and validated. Each row
 * of a fund line reads
 *   A:B 年度资金总额 · 年初预算数 · 调整后预算数 · 1-9月执行数 · 执行率 (formula) · 全年预计执行数 ·
 *   偏差原因 · 偏差原因说明 · 纠偏措施 · 完成目标可能性 · 超预算原因 · 上轮执行数
 * Other tables (and any question the standard layout has no cell for) get one row per question. The
 * hidden "_tianbao" sheet names the unit, round, template and layout, and maps every answer cell.
 */
export async function buildFillTemplate(input: FillTemplateInput): Promise<Buffer> {
  const { template, ctx } = input
  const x = expandForm(template, ctx)
  const wb = new ExcelJS.Workbook()
  wb.creator = 'tianbao'
  const sheets: TemplateSheet[] = []
  const placed = new Set<string>()
  const tables = printedTables(template, ctx, {}, input.department)
  tables.forEach((t, i) => {
    const name = sheetName(template.repeat === 'none' ? template.shortTitle : `项目${i + 1} ${t.header[1]}`)
    const s = new TemplateSheet(wb.addWorksheet(name), name, input.answers)
    standardSheet(s, t, template.repeat === 'none' ? '' : `projects.${t.code}.`, input, x)
    sheets.push(s)
  })
  for (const s of sheets) for (const c of s.cells) placed.add(c.path)
  const rest = x.questions.filter((q) => !placed.has(q.path))
  // a workbook needs a visible sheet even when the form asks nothing of this unit (a project table, no projects)
  if (rest.length || sheets.length === 0) {
    const name = sheetName(sheets.length ? '其他填报项' : template.shortTitle)
    const s = new TemplateSheet(wb.addWorksheet(name), name, input.answers)
    questionSheet(s, template, ctx, x, new Set(rest.map((q) => q.path)))
    sheets.push(s)
  }
  for (const s of sheets) await s.protect()
  const cells: CellRef[] = sheets.flatMap((s) => s.cells)
  writeIds(
    wb,
    {
      unitCode: ctx.unit.code,
      roundId: input.roundId,
      form: template.code,
      templateId: template.id,
      layoutVersion: LAYOUT_VERSION,
    },
    cells,
  )
  return Buffer.from(await wb.xlsx.writeBuffer())
}

function standardSheet(
  s: TemplateSheet,
  t: PrintedTable,
  prefix: string,
  input: FillTemplateInput,
  x: Expansion,
): void {
  const { template, ctx } = input
  const funds = template.groups.find((g): g is FundLinesGroup => g.type === 'fund-lines')
  const inds = template.groups.find((g): g is IndicatorsGroup => g.type === 'indicators')
  if (!funds) return
  const q = (path: string) => x.byPath.get(path)
  const label = (f: FieldSpec) => f.label.replace('{period}', periodLabel(ctx.round.endMonth))
  const previous = ctx.previous ?? {}
  const prevText = (path: string): string => {
    const v = previous[path]
    const pq = q(path)
    return v === undefined || v === null || !pq ? '' : kindOf(pq.kind).format(v, pq)
  }
  const dev = funds.deviation
  // columns: 1-2 label, 3 年初, 4 调整后, 5 executed, 6 rate, others, deviation, 超预算原因, 上轮
  const otherCol = (i: number) => 7 + i
  const devCol = (i: number) => 7 + funds.others.length + i
  const overCol = 7 + funds.others.length + dev.length
  const prevCol = overCol + 1
  const width = prevCol
  s.ws.columns = Array.from({ length: width }, (_, i) => ({ width: [10, 12, 14, 14, 14, 12][i] ?? 16 }))
  s.row([t.title], [[1, width]]).row.font = { bold: true, size: 14 }
  const [l1, v1, l2, v2, l3, v3] = t.header
  s.row(
    [l1, v1, '', '', l2, v2, '', l3, v3],
    [
      [2, 4],
      [6, 7],
      [9, width],
    ],
  )
  const head = s.row(
    [
      t.fundsHeader[0],
      '',
      '年初预算数',
      '调整后预算数',
      label(funds.executed),
      `${periodLabel(ctx.round.endMonth)}执行率`,
      ...funds.others.map(label),
      ...dev.map(label),
      '超预算原因',
      ctx.previous ? '上轮执行数' : '',
    ],
    [[1, 2]],
  )
  head.row.font = { bold: true }
  const unit = { at: head, col: 1 }
  for (const l of x.lines.filter((r) => r.key.startsWith(`${prefix}funds.`))) {
    const at = s.row([l.label], [[1, 2]])
    fundLine(s, at, l, { unit, q, funds, otherCol, devCol, overCol })
    at.row.getCell(prevCol).value = prevText(l.executedPath)
  }
  const goal = funds.sheet?.goal
  if (goal && t.goal.length) {
    s.row(
      [t.goal[0][0], '', t.goal[0][1]],
      [
        [1, 2],
        [3, width],
      ],
    )
    const at = s.row(
      [goal.progress.label],
      [
        [1, 2],
        [3, width],
      ],
    )
    s.answer(at, 3, q(`${prefix}${goal.progress.key}`), goal.progress.label)
  }
  const refs = x.indicators.filter((r) => r.key.startsWith(`${prefix}indicators.`))
  if (!inds || refs.length === 0) return
  const ih = s.row([...t.indicatorHeader.slice(0, 6), ...inds.deviation.map(label)])
  ih.row.getCell(prevCol).value = ctx.previous ? '上轮完成值' : ''
  ih.row.font = { bold: true }
  for (const r of refs) indicatorRow(s, r, { q, inds, label: t.indicatorHeader, prevCol, prevText })
}

interface LineCols {
  unit: { at: RowAt; col: number }
  q: (path: string) => ReturnType<Expansion['byPath']['get']>
  funds: FundLinesGroup
  otherCol: (i: number) => number
  devCol: (i: number) => number
  overCol: number
}

function fundLine(s: TemplateSheet, at: RowAt, l: FundLineRef, c: LineCols): void {
  const words = (col: number) => String(c.unit.at.row.getCell(col).value ?? '')
  if (l.budgetPath) s.answer(at, 3, c.q(l.budgetPath), words(3), c.unit)
  else {
    s.wan(at, 3, l.budgetLine?.initial)
    s.wan(at, 4, l.budgetLine?.adjusted)
  }
  s.answer(at, 5, c.q(l.executedPath), words(5), c.unit)
  // the rate as Excel shows it while typing; tianbao computes its own from the answers
  const r = at.row.number
  const budgetCell = l.budgetLine?.adjusted !== undefined ? `D${r}` : `C${r}`
  at.row.getCell(6).value = { formula: `IFERROR(E${r}/${budgetCell},"")` } as ExcelJS.CellFormulaValue
  at.row.getCell(6).numFmt = '0.00%'
  c.funds.others.forEach((o, i) => s.answer(at, c.otherCol(i), c.q(`${l.key}.${o.key}`), words(c.otherCol(i)), c.unit))
  c.funds.deviation.forEach((f, i) => s.answer(at, c.devCol(i), c.q(`${l.key}.dev.${f.key}`), words(c.devCol(i))))
  s.answer(at, c.overCol, c.q(`${l.key}.overBudgetReason`), words(c.overCol))
}

function indicatorRow(
  s: TemplateSheet,
  r: IndicatorRef,
  c: {
    q: LineCols['q']
    inds: IndicatorsGroup
    label: string[]
    prevCol: number
    prevText: (path: string) => string
  },
): void {
  const ind = r.indicator
  const target = ind.basis === 'qualitative' ? String(ind.target) : `${CMP[ind.comparator]}${ind.target}${ind.measure}`
  const at = s.row([ind.level1, ind.level2, ind.name, target])
  s.answer(at, 5, c.q(r.actualPath), c.label[4])
  s.answer(at, 6, c.q(r.expectedPath), c.label[5])
  c.inds.deviation.forEach((f, i) => s.answer(at, 7 + i, c.q(`${r.key}.dev.${f.key}`), f.label))
  at.row.getCell(c.prevCol).value = c.prevText(r.actualPath)
}
