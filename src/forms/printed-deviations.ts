import { periodLabel } from '../domain/time-progress.js'
import { computeValues } from './compute.js'
import type { FormContext } from './context.js'
import { expandForm } from './expand.js'
import { printedTables, type PrintedTable } from './printed-table.js'
import type { FormTemplate } from './template.js'

/** Why a printed row is highlighted, in the words of the chat's summary; '' on a row on track. */
export interface RowFlag {
  lagging?: boolean
  overBudget?: boolean
  deviating?: boolean
  /** "执行率 40%，低于序时进度 75%", "超过预算", "已完成目标的 40%，低于序时进度 75%" */
  note: string
}

/** A printed table with, beside its fund lines and indicator rows (same order), what deviates. */
export interface ShownTable extends PrintedTable {
  lineFlags: RowFlag[]
  indicatorFlags: RowFlag[]
}

/**
 * The printed tables (printed-table.ts, the XLSX layout) with the computed deviations laid beside their
 * rows, for the console's unit page: a lagging or over-budget fund line, an indicator judged deviating.
 * The flags come from computeValues over the same expansion, so the page and the chat agree. Example:
 * line 年度资金总额 of 项目 P1 at 14万 of 35万 in 1-9月 → { lagging: true, note: '执行率 40%，低于序时进度 75%' }.
 */
export function printedWithDeviations(
  template: FormTemplate,
  ctx: FormContext,
  answers: Record<string, unknown>,
  department: string,
): ShownTable[] {
  const c = computeValues(template, ctx, answers)
  const x = expandForm(template, ctx)
  const progress = `低于序时进度 ${c.timeProgress}%`
  return printedTables(template, ctx, answers, department).map((t) => {
    const prefix = template.repeat === 'none' ? '' : `projects.${t.code}.`
    // the printed lines are the expansion's lines under this prefix, in the same order
    const lineFlags = x.lines
      .filter((l) => l.key.startsWith(`${prefix}funds.`))
      .map((l): RowFlag => {
        const v = c.lines[l.key]
        if (!v) return { note: '' }
        const notes = [
          v.lagging ? `${periodLabel(ctx.round.endMonth)}执行率 ${v.rate}%，${progress}` : '',
          v.overBudget ? '执行数超过预算' : '',
        ].filter(Boolean)
        return { lagging: v.lagging, overBudget: v.overBudget, note: notes.join('；') }
      })
    const indicators =
      template.repeat === 'none'
        ? (ctx.department?.indicators ?? [])
        : (ctx.projects.find((p) => p.code === t.code)?.indicators ?? [])
    const indicatorFlags = indicators.map((i): RowFlag => {
      const v = c.indicators[`${prefix}indicators.${i.code}`]
      return v?.deviating ? { deviating: true, note: v.reason ?? '指标偏差' } : { deviating: false, note: '' }
    })
    return { ...t, lineFlags, indicatorFlags }
  })
}
