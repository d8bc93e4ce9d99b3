/**
 * When a conditional question is asked — data, so the mini-program can show the same rule:
 *   { kind: 'flagged', key: 'projects.P001.funds.total' }   the line lags / the indicator deviates
 *   { kind: 'over-budget', key: 'projects.P001.funds.total' } executed is above the line's budget
 *   { kind: 'flagged-several', keys: [...] }                 two or more of these lines lag (the chat's
 *                                                            shared deviation block; never in a description)
 */
export type Condition =
  { kind: 'flagged'; key: string } | { kind: 'over-budget'; key: string } | { kind: 'flagged-several'; keys: string[] }

export interface ConditionFacts {
  flagged: readonly string[]
  overBudget: readonly string[]
}

export function holds(cond: Condition | undefined, facts: ConditionFacts): boolean {
  if (!cond) return true
  if (cond.kind === 'flagged') return facts.flagged.includes(cond.key)
  if (cond.kind === 'flagged-several') return cond.keys.filter((k) => facts.flagged.includes(k)).length >= 2
  return facts.overBudget.includes(cond.key)
}

export function describeCondition(cond: Condition): string {
  if (cond.kind === 'flagged-several')
    return `仅当${cond.keys.map((k) => `“${k}”`).join('、')}中两项及以上存在偏差时填写`
  return cond.kind === 'flagged' ? `仅当“${cond.key}”存在偏差时填写` : `仅当“${cond.key}”执行数超过预算时填写`
}
