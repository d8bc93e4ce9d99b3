/**
 * When a conditional question is asked — data, so the mini-program can show the same rule:
 *   { kind: 'flagged', key: 'projects.P001.funds.total' }   the line lags / the indicator deviates
 *   { kind: 'over-budget', key: 'projects.P001.funds.total' } executed is above the line's budget
 */
export type Condition = { kind: 'flagged'; key: string } | { kind: 'over-budget'; key: string }

export interface ConditionFacts {
  flagged: readonly string[]
  overBudget: readonly string[]
}

export function holds(cond: Condition | undefined, facts: ConditionFacts): boolean {
  if (!cond) return true
  if (cond.kind === 'flagged') return facts.flagged.includes(cond.key)
  return facts.overBudget.includes(cond.key)
}

export function describeCondition(cond: Condition): string {
  return cond.kind === 'flagged' ? `仅当“${cond.key}”存在偏差时填写` : `仅当“${cond.key}”执行数超过预算时填写`
}
