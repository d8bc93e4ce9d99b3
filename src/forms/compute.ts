import { executionRate, isLagging, judgeIndicator, type IndicatorFigures } from '../domain/deviation.js'
import { timeProgressPercent } from '../domain/time-progress.js'
import { expandForm } from './expand.js'
import type { Fen } from '../domain/types.js'
import type { FormContext } from './context.js'
import type { FormTemplate } from './template.js'

export interface LineValues {
  label: string
  budget: Fen | null
  executed: Fen | null
  rate: number | null
  lagging: boolean
  overBudget: boolean
}
export interface IndicatorValues {
  label: string
  deviating: boolean | null
  reason?: string
}

/**
 * Values computed from the answers, never asked: execution rates, lagging lines, deviating indicators.
 * Plain JSON (stored as a submission's `computed`). `flagged` lists the keys whose deviation questions
 * apply, e.g. ["projects.P001.funds.total", "projects.P001.indicators.I2"].
 */
export interface Computed {
  timeProgress: number
  lines: Record<string, LineValues>
  indicators: Record<string, IndicatorValues>
  flagged: string[]
  overBudget: string[]
}

function fen(v: unknown): Fen | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

export function computeValues(template: FormTemplate, ctx: FormContext, answers: Record<string, unknown>): Computed {
  const x = expandForm(template, ctx)
  const rules = { endMonth: ctx.round.endMonth, tolerance: ctx.round.tolerance }
  const out: Computed = {
    timeProgress: Math.round(timeProgressPercent(ctx.round.endMonth) * 100) / 100,
    lines: {},
    indicators: {},
    flagged: [],
    overBudget: [],
  }
  for (const l of x.lines) {
    const budget = l.budgetFen ?? (l.budgetPath ? fen(answers[l.budgetPath]) : null)
    const executed = fen(answers[l.executedPath])
    const known = budget !== null && executed !== null
    const lagging = known && isLagging(executed, budget, rules)
    const overBudget = known && executed > budget
    out.lines[l.key] = {
      label: l.label,
      budget,
      executed,
      rate: known ? executionRate(executed, budget) : null,
      lagging,
      overBudget,
    }
    if (lagging) out.flagged.push(l.key)
    if (overBudget) out.overBudget.push(l.key)
  }
  for (const r of x.indicators) {
    const figures = { actual: answers[r.actualPath], expected: answers[r.expectedPath] } as IndicatorFigures
    const j = judgeIndicator(r.indicator, figures, rules, ctx.now)
    out.indicators[r.key] = {
      label: r.label,
      deviating: j ? j.deviating : null,
      ...(j?.reason ? { reason: j.reason } : {}),
    }
    if (j?.deviating) out.flagged.push(r.key)
  }
  return out
}
