import { periodLabel } from '../domain/time-progress.js'
import { computeValues } from './compute.js'
import { expandForm } from './expand.js'
import { kindOf } from './kinds/index.js'
import { formatWan } from './parse/money.js'
import type { FormContext } from './context.js'
import type { FormTemplate, FundLinesGroup } from './template.js'

export type Cell = string | number | null

/** One worksheet in the printed layout: money in 万元, rates in %, deviation columns only where flagged. */
export interface ExportSheet {
  name: string
  headers: string[]
  rows: Cell[][]
}

const wan = (v: unknown): Cell => (typeof v === 'number' ? Number(formatWan(v)) : null)
const list = (v: unknown): Cell => (Array.isArray(v) ? v.join('、') : v === undefined || v === null ? null : String(v))

/**
 * The tables as the bureau prints them, from the same template and answers as the dialog:
 *   资金 sheet:  项目名称 | 资金 | 预算数(万元) | 1-6月执行数 | 1-6月执行率(%) | 全年预计执行数 | 偏差原因 | 说明及纠偏措施 | 完成目标可能性
 *   指标 sheet:  项目名称 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 1-6月实际完成值 | 全年预计完成值 | 偏差原因分析 | 完成目标可能性 | 备注
 * Other fields (URLs, goal progress) go to a 其他 sheet as label/value rows.
 */
export function exportSheets(
  template: FormTemplate,
  ctx: FormContext,
  answers: Record<string, unknown>,
): ExportSheet[] {
  const x = expandForm(template, ctx)
  const c = computeValues(template, ctx, answers)
  const period = periodLabel(ctx.round.endMonth)
  const scopeName = (key: string): string =>
    ctx.projects.find((p) => key.startsWith(`projects.${p.code}.`))?.name ?? ctx.unit.name
  const group = template.groups.find((g): g is FundLinesGroup => g.type === 'fund-lines')
  const sheets: ExportSheet[] = []
  if (group) {
    const others = group.others.map((o) => o.label.replace('{period}', period))
    const headers = [
      '项目名称',
      '资金',
      '预算数（万元）',
      `${group.executed.label.replace('{period}', period)}（万元）`,
      `${period}执行率（%）`,
      ...others.map((o) => `${o}（万元）`),
      '偏差原因',
      '说明及纠偏措施',
      '完成目标可能性',
    ]
    const rows = x.lines.map((l) => {
      const v = c.lines[l.key]
      const dev = (k: string): unknown => (c.flagged.includes(l.key) ? answers[`${l.key}.dev.${k}`] : undefined)
      const note = [dev('explanation'), dev('measures'), dev('slowReason'), answers[`${l.key}.overBudgetReason`]]
        .filter(Boolean)
        .join('；')
      return [
        scopeName(l.key),
        l.label,
        wan(v.budget),
        wan(v.executed),
        v.rate,
        ...group.others.map((o) => wan(answers[`${l.key}.${o.key}`])),
        list(dev('reasons')),
        note || null,
        list(dev('likelihood')),
      ]
    })
    sheets.push({ name: '资金', headers, rows })
  }
  if (x.indicators.length) {
    const headers = [
      '项目名称',
      '一级指标',
      '二级指标',
      '三级指标',
      '年度指标值',
      `${period}实际完成值`,
      '全年预计完成值',
      '偏差原因分析',
      '完成目标可能性',
      '备注',
    ]
    const rows = x.indicators.map((r) => {
      const i = r.indicator
      const show = (path: string): Cell => {
        const q = x.byPath.get(path)
        return q && answers[path] !== undefined ? kindOf(q.kind).format(answers[path], q) : null
      }
      const flagged = c.flagged.includes(r.key)
      const dev = (k: string): unknown => (flagged ? answers[`${r.key}.dev.${k}`] : undefined)
      const target =
        i.basis === 'qualitative'
          ? String(i.target)
          : `${{ '>=': '≥', '<=': '≤', '=': '=' }[i.comparator]}${i.target}${i.measure}`
      const note = [dev('explanation'), dev('measures')].filter(Boolean).join('；纠偏措施：')
      return [
        scopeName(r.key),
        i.level1,
        i.level2,
        i.name,
        target,
        show(r.actualPath),
        show(r.expectedPath),
        list(dev('reasons')),
        list(dev('likelihood')),
        note || null,
      ]
    })
    sheets.push({ name: '指标', headers, rows })
  }
  const shown = new Set([
    ...x.lines.flatMap((l) => [l.executedPath, l.budgetPath]),
    ...x.indicators.flatMap((r) => [r.actualPath, r.expectedPath]),
  ])
  const rest = x.questions.filter(
    (q) => !shown.has(q.path) && !q.when && !(group?.others ?? []).some((o) => q.path.endsWith(`.${o.key}`)),
  )
  if (rest.length) {
    const rows = rest.map((q): Cell[] => [
      scopeName(q.path),
      q.label,
      answers[q.path] === undefined || answers[q.path] === null ? null : kindOf(q.kind).format(answers[q.path], q),
    ])
    sheets.push({ name: '其他', headers: ['项目名称', '项目', '填报内容'], rows })
  }
  return sheets
}
