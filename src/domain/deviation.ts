import { compareExact, compareNumbers, exactDecimal, minus, times, type ExactDecimal } from './exact-decimal.js'
import type { Fen, Indicator } from './types.js'

/**
 * The deviation rules of ../shared/docs/domain.md, pure. Tolerance is in percentage points below time
 * progress (a round's `tolerance`, default 0). Time progress is endMonth/12.
 */
export interface RoundRules {
  endMonth: number
  tolerance: number
}

/** 执行率 in percent, two decimals: 150 000 of 300 000 → 50. Null when there is no budget. */
export function executionRate(executed: Fen, budget: Fen): number | null {
  if (budget <= 0) return null
  return Math.round((executed * 10000) / budget) / 100
}

/**
 * A fund line lags when executed ÷ budget < N/12 − tolerance/100, compared exactly in integers
 * (executed·120000 < budget·(10000·N − 1200·tolerance)) so 50.00 % against 1-6月 is not lagging.
 */
export function isLagging(executed: Fen, budget: Fen, rules: RoundRules): boolean {
  if (budget <= 0) return false
  const factor = Math.round(10000 * rules.endMonth - 1200 * rules.tolerance)
  // exact in doubles while both products stay below 2^53 (amounts under about 7 亿元); BigInt beyond
  if (executed < 7e10 && budget < 7e10) return executed * 120000 < budget * factor
  const lhs = BigInt(executed) * 120000n
  const rhs = BigInt(budget) * BigInt(factor)
  return lhs < rhs
}

/** What the unit reports for one indicator; the types follow the basis (see judgeIndicator). */
export interface IndicatorFigures {
  /** number (cumulative/cap/level), completion date or null (milestone), text (qualitative) */
  actual?: number | string | null
  /** number, expected completion date (milestone), or on-track yes/no (qualitative) */
  expected?: number | string | boolean | null
}

export interface Judgement {
  deviating: boolean
  /** why, in Chinese, for the summary: "已完成目标的 40%，低于序时进度 50%", "当前 35天，超过上限 30天" */
  reason?: string
}

// Indicator figures are compared as the decimals the clerk wrote (see exact-decimal.ts), never as doubles.
const below = (a: number, b: number): boolean => compareNumbers(a, b) === -1
const above = (a: number, b: number): boolean => compareNumbers(a, b) === 1

function misses(value: number, target: number, cmp: Indicator['comparator']): boolean {
  if (cmp === '>=') return below(value, target)
  if (cmp === '<=') return above(value, target)
  return compareNumbers(value, target) !== 0
}

const int = (n: bigint): ExactDecimal => ({ units: n, scale: 0 })

/**
 * actual ÷ target < N/12 − tolerance/100 for target > 0, i.e. actual·1200 < target·(100·N − 12·tolerance),
 * in exact decimals: 3.3 of 4.4 at 1-9月 is 3960 against 3960, not lagging.
 */
function behindTimeProgress(actual: number, target: number, rules: RoundRules): boolean {
  const a = exactDecimal(actual)
  const t = exactDecimal(target)
  const n = exactDecimal(rules.endMonth)
  const tol = exactDecimal(rules.tolerance)
  // NaN or ±Infinity (never produced by the parsers): keep the plain double semantics
  if (!a || !t || !n || !tol) return actual * 1200 < target * (100 * rules.endMonth - 12 * rules.tolerance)
  const progressFloor = minus(times(n, int(100n)), times(tol, int(12n)))
  return compareExact(times(a, int(1200n)), times(t, progressFloor)) === -1
}

/**
 * How a level figure misses its target, as a clerk would say it: "未达到目标 ≥90%" (a floor),
 * "超过上限 30天" (a ceiling), "与目标 5个不符" (an exact value).
 */
function missText(target: number, m: string, cmp: Indicator['comparator']): string {
  if (cmp === '>=') return `未达到目标 ≥${target}${m}`
  if (cmp === '<=') return `超过上限 ${target}${m}`
  return `与目标 ${target}${m}不符`
}

/**
 * Judges one indicator by its basis:
 *  - cumulative (≥, =): actual ÷ target below time progress − tolerance, or expected full year < target;
 *  - cap (≤): actual or expected already above the target;
 *  - level: actual or expected misses the target under its comparator — no time progress;
 *  - milestone: expected date after the target, completed late, or the target date passed (at `today`)
 *    without completion;
 *  - qualitative: the unit says it is not on track (expected === false).
 * Returns null while figures are missing.
 */
export function judgeIndicator(
  ind: Indicator,
  f: IndicatorFigures,
  rules: RoundRules,
  today: string,
): Judgement | null {
  const m = ind.measure
  if (ind.basis === 'qualitative') {
    if (typeof f.expected !== 'boolean') return null
    return f.expected ? { deviating: false } : { deviating: true, reason: '单位预计全年不能实现' }
  }
  if (ind.basis === 'milestone') {
    if (typeof f.expected !== 'string' || f.actual === undefined) return null
    const target = String(ind.target)
    if (typeof f.actual === 'string') {
      return f.actual > target
        ? { deviating: true, reason: `完成时间 ${f.actual} 晚于目标 ${target}` }
        : { deviating: false }
    }
    if (f.expected > target) return { deviating: true, reason: `预计完成时间 ${f.expected} 晚于目标 ${target}` }
    if (today.slice(0, 10) > target) return { deviating: true, reason: `目标时间 ${target} 已过仍未完成` }
    return { deviating: false }
  }
  if (typeof f.actual !== 'number' || typeof f.expected !== 'number') return null
  const target = Number(ind.target)
  const actual = f.actual
  const expected = f.expected
  if (ind.basis === 'cap') {
    if (above(actual, target)) return { deviating: true, reason: `已完成 ${actual}${m}，超过上限 ${target}${m}` }
    if (above(expected, target)) return { deviating: true, reason: `全年预计 ${expected}${m}，超过上限 ${target}${m}` }
    return { deviating: false }
  }
  if (ind.basis === 'level') {
    if (misses(actual, target, ind.comparator))
      return { deviating: true, reason: `当前 ${actual}${m}，${missText(target, m, ind.comparator)}` }
    if (misses(expected, target, ind.comparator))
      return { deviating: true, reason: `全年预计 ${expected}${m}，${missText(target, m, ind.comparator)}` }
    return { deviating: false }
  }
  if (above(target, 0) && behindTimeProgress(actual, target, rules)) {
    const done = Math.round((actual * 10000) / target) / 100
    const tp = Math.round((rules.endMonth * 10000) / 12) / 100
    return { deviating: true, reason: `已完成目标的 ${done}%，低于序时进度 ${tp}%` }
  }
  if (below(expected, target)) return { deviating: true, reason: `全年预计 ${expected}${m}，低于目标 ${target}${m}` }
  return { deviating: false }
}
