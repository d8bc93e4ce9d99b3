import { crossDifferences, type CrossDifference } from '../domain/cross-check.js'
import type { FormContext } from './context.js'
import type { Expansion } from './expand.js'
import { formatMoney } from './parse/money.js'

/** A cross-table difference as the clerk reads it; `key` names this very difference (figure and sum). */
export interface CrossWarning extends CrossDifference {
  code: 'project-sum-mismatch'
  key: string
  source: string
  message: string
}

/**
 * The department table's figures that differ from the unit's submitted project table, with the text:
 *   "项目支出·1-6月执行数 120万元，与已提交的项目表合计 100万元不一致（相差 20万元）。"
 * Nothing without `ctx.crossCheck` (no project table submitted this round).
 */
export function crossWarnings(x: Expansion, answers: Record<string, unknown>, ctx: FormContext): CrossWarning[] {
  const sums = ctx.crossCheck
  if (!sums) return []
  return crossDifferences(answers, sums).map((d) => {
    const label = x.byPath.get(d.path)?.label ?? d.path
    const gap = formatMoney(Math.abs(d.diffFen))
    return {
      ...d,
      code: 'project-sum-mismatch',
      // a confirmation holds for this figure against this sum only: a new figure or a new version of the
      // project table with another sum is asked again
      key: `${d.path}=${d.valueFen}/${d.sumFen}`,
      source: sums.source,
      message: `${label} ${formatMoney(d.valueFen)}，与已提交的项目表合计 ${formatMoney(d.sumFen)}不一致（相差 ${gap}）。`,
    }
  })
}
