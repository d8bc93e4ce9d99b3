import { executionRate } from '../domain/deviation.js'
import { periodLabel } from '../domain/time-progress.js'
import type { Fen, Indicator } from '../domain/types.js'
import type { FormContext } from './context.js'
import { expandForm } from './expand.js'
import { indicatorFields } from './indicator-fields.js'
import type { FormTemplate, FundLinesGroup } from './template.js'

/** One fund line as printed: amounts in 分 (the writer shows 万元), the rate as a fraction (0.625 = 62.5 %). */
export interface PrintedLine {
  label: string
  initial: Fen
  adjusted: Fen | null
  executed: Fen | null
  rate: number | null
  expected: Fen | null
  /** 偏差原因说明: the explanation, then 纠偏措施 and the reason for executing above budget */
  remark: string
  /** 偏差原因分析: the deviation categories, joined with 、 ("经费保障、其他"); '' on a line on track */
  reasons: string
  /** 完成目标可能性: 确定能 · 有可能 · 完全不可能; '' on a line on track */
  likelihood: string
}

/**
 * A monitoring table in the bureau's standard printed layout (domain.md), for one scope: a project of the
 * 项目支出 table, or the unit of the 部门整体支出 table. Everything that names the table comes from its
 * template — the title, the fund lines and their labels, the column words ("{period}执行数",
 * "全年预计执行数", the indicators' "{period}实际完成值"), the caption and the goal rows — and the
 * figures from the answers; the writer (src/services/exports/monitoring-sheet.ts) only lays cells out.
 */
export interface PrintedTable {
  /** whose table it is: the project's code, or the unit's */
  code: string
  /** '项目支出绩效目标执行监控表（1-6月）' */
  title: string
  /** row 2: [label, value, label, value, label, value] */
  header: [string, string, string, string, string, string]
  /** row 3: caption · 年初预算数 · 调整后预算数 · 1-6月执行数 · 1-6月执行率 · 全年预计执行数 · 偏差原因说明 */
  fundsHeader: string[]
  /** the fund lines' columns after 偏差原因说明: 偏差原因分析 · 完成目标可能性 (the indicator block's words) */
  fundsDeviationHeader: string[]
  lines: PrintedLine[]
  /** [label, text] rows after the lines: 年度总体目标, 目标完成情况 (project table only) */
  goal: [string, string][]
  indicatorHeader: string[]
  /** 一级指标 · 二级指标 · 三级指标 · 年度指标值 · 实际完成值 · 全年预计完成值 · 偏差原因分析 · 完成目标可能性 · 备注 */
  indicators: string[][]
}

const CMP = { '>=': '≥', '<=': '≤', '=': '=' } as const

/** One word for each deviation column, whether it sits on a fund line or an indicator row. */
const DEVIATION_HEADER = { reasons: '偏差原因分析', likelihood: '完成目标可能性' } as const

/** A cell's text: 未完成 for a null answer (a milestone not reached), 是/否, lists joined with 、. */
function text(v: unknown, measure = ''): string {
  if (v === undefined) return ''
  if (v === null) return '未完成'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (Array.isArray(v)) return v.map(String).join('、')
  return typeof v === 'number' ? `${v}${measure}` : String(v)
}

/** A chosen category or list of them; nothing chosen (a cleared answer) is an empty cell, not 未完成. */
const choice = (v: unknown): string => (v === null ? '' : text(v))

/** 偏差原因说明 / 备注: the explanation, 纠偏措施, the reason for executing above budget. */
function remark(a: Record<string, unknown>, key: string): string {
  const parts = [
    a[`${key}.dev.explanation`],
    a[`${key}.dev.measures`] ? `纠偏措施：${String(a[`${key}.dev.measures`])}` : undefined,
    a[`${key}.overBudgetReason`],
  ]
  return parts
    .filter((p) => p !== undefined && p !== null && p !== '')
    .map(String)
    .join('；')
}

const fen = (v: unknown): Fen | null => (typeof v === 'number' ? v : null)

/**
 * The template's printed tables for this context and answers: one per project for a table repeated over
 * projects, else one for the unit. `department` is the 主管部门及代码 cell: "县教育体育局（D1）".
 */
export function printedTables(
  template: FormTemplate,
  ctx: FormContext,
  answers: Record<string, unknown>,
  department: string,
): PrintedTable[] {
  const group = template.groups.find((g): g is FundLinesGroup => g.type === 'fund-lines')
  if (!group?.sheet) return []
  const x = expandForm(template, ctx)
  const period = periodLabel(ctx.round.endMonth)
  const label = (s: string): string => s.replace('{period}', period)
  const expected = group.others[0]
  const fundsHeader = [
    group.sheet.caption,
    '',
    '年初预算数',
    '调整后预算数',
    label(group.executed.label),
    `${period}执行率`,
    expected ? label(expected.label) : '',
    '偏差原因说明',
    '',
  ]
  const sheet = group.sheet
  const table = (
    code: string,
    prefix: string,
    header: PrintedTable['header'],
    indicators: Indicator[],
    goal?: string,
  ): PrintedTable => {
    const lines = x.lines
      .filter((l) => l.key.startsWith(`${prefix}funds.`))
      .map((l): PrintedLine => {
        // a budget the context lacks was typed into the form ("funds.basic.budget")
        const budget = l.budgetLine ?? { initial: fen(l.budgetPath ? answers[l.budgetPath] : undefined) ?? 0 }
        const executed = fen(answers[l.executedPath])
        const pct = executed === null ? null : executionRate(executed, budget.adjusted ?? budget.initial)
        return {
          label: l.label,
          initial: budget.initial,
          adjusted: budget.adjusted ?? null,
          executed,
          rate: pct === null ? null : Math.round(pct * 100) / 10000,
          expected: expected ? fen(answers[`${l.key}.${expected.key}`]) : null,
          remark: remark(answers, l.key),
          reasons: choice(answers[`${l.key}.dev.reasons`]),
          likelihood: choice(answers[`${l.key}.dev.likelihood`]),
        }
      })
    const goalRows: [string, string][] =
      sheet.goal && goal !== undefined
        ? [
            [sheet.goal.label, goal],
            [sheet.goal.progress.label, text(answers[`${prefix}${sheet.goal.progress.key}`])],
          ]
        : []
    return {
      code,
      title: `${template.title}（${period}）`,
      header,
      fundsHeader,
      fundsDeviationHeader: [DEVIATION_HEADER.reasons, DEVIATION_HEADER.likelihood],
      lines,
      goal: goalRows,
      indicatorHeader: indicatorHeader(label),
      indicators: indicators.map((i) => indicatorRow(i, answers, `${prefix}indicators.${i.code}`)),
    }
  }
  if (template.repeat === 'none') {
    return [
      table(
        ctx.unit.code,
        '',
        ['单位名称', ctx.unit.name, '主管部门及代码', department, '单位代码', ctx.unit.code],
        ctx.department?.indicators ?? [],
      ),
    ]
  }
  // the projects the form repeats over, in the context's order (by code)
  return ctx.projects
    .filter((p) => x.lines.some((l) => l.key.startsWith(`projects.${p.code}.`)))
    .map((p) =>
      table(
        p.code,
        `projects.${p.code}.`,
        ['项目名称', p.name, '主管部门及代码', department, '实施单位', ctx.unit.name],
        p.indicators,
        p.goal,
      ),
    )
}

/** The indicator columns; the figures' words are the numeric indicator's questions ("{period}实际完成值"). */
function indicatorHeader(label: (s: string) => string): string[] {
  const [actual, expected] = indicatorFields(NUMERIC)
  return [
    '一级指标',
    '二级指标',
    '三级指标',
    '年度指标值',
    label(actual.label),
    label(expected.label),
    DEVIATION_HEADER.reasons,
    DEVIATION_HEADER.likelihood,
    '备注',
  ]
}

const NUMERIC: Indicator = {
  code: '',
  level1: '',
  level2: '',
  name: '',
  basis: 'cumulative',
  comparator: '>=',
  target: 0,
  measure: '',
}

function indicatorRow(ind: Indicator, a: Record<string, unknown>, key: string): string[] {
  const target = ind.basis === 'qualitative' ? String(ind.target) : `${CMP[ind.comparator]}${ind.target}${ind.measure}`
  return [
    ind.level1,
    ind.level2,
    ind.name,
    target,
    text(a[`${key}.actual`], ind.measure),
    text(a[`${key}.expected`], ind.measure),
    choice(a[`${key}.dev.reasons`]),
    choice(a[`${key}.dev.likelihood`]),
    remark(a, key),
  ]
}
