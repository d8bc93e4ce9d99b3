import { describe, expect, it } from '@jest/globals'
import { executionRate, isLagging, judgeIndicator, type IndicatorFigures } from '../../src/domain/deviation.js'
import { compareWithPrevious } from '../../src/domain/previous-round.js'
import { timeProgressPercent } from '../../src/domain/time-progress.js'
import type { Indicator } from '../../src/domain/types.js'

const ind = (basis: Indicator['basis'], comparator: Indicator['comparator'], target: number | string, measure = ''): Indicator =>
  ({ code: 'I', level1: '产出指标', level2: '数量指标', name: 'x', comparator, target, measure, basis })

const mid = { endMonth: 6, tolerance: 0 }
const today = '2027-07-05T10:00:00+08:00'

describe('time progress and fund lines', () => {
  it.each([[6, 50], [9, 75], [12, 100], [3, 25]])('1-%d月 → %d%%', (m, p) => expect(timeProgressPercent(m)).toBe(p))
  it.each<[number, number, { endMonth: number; tolerance: number }, boolean]>([
    [150_000, 300_000, mid, false], // exactly 50 %: on time
    [149_999, 300_000, mid, true],
    [140_000, 300_000, { endMonth: 6, tolerance: 5 }, false], // 46.7 % ≥ 50 − 5
    [136_000, 300_000, { endMonth: 6, tolerance: 5 }, false], // 45.3 % ≥ 45 %
    [134_000, 300_000, { endMonth: 6, tolerance: 5 }, true], // 44.7 % < 45 %
    [224_999, 300_000, { endMonth: 9, tolerance: 0 }, true],
    [225_000, 300_000, { endMonth: 9, tolerance: 0 }, false],
    [0, 0, mid, false], // no budget: nothing to lag behind
    [10_000_000_000_000, 30_000_000_000_000, mid, true], // big amounts compared exactly
  ])('executed %d of %d → lagging %s', (executed, budget, rules, lagging) => {
    expect(isLagging(executed, budget, rules)).toBe(lagging)
  })
  it('computes the execution rate in percent', () => {
    expect(executionRate(150_000, 350_000)).toBe(42.86)
    expect(executionRate(1, 0)).toBeNull()
  })
})

describe('judgeIndicator', () => {
  const table: [string, Indicator, IndicatorFigures, boolean | null][] = [
    ['cumulative behind time progress', ind('cumulative', '>=', 1200, '户'), { actual: 500, expected: 1200 }, true],
    ['cumulative at time progress', ind('cumulative', '>=', 1200, '户'), { actual: 600, expected: 1200 }, false],
    ['cumulative expected short', ind('cumulative', '>=', 1200, '户'), { actual: 800, expected: 1100 }, true],
    ['cumulative "=" behind', ind('cumulative', '=', 100, '次'), { actual: 40, expected: 100 }, true],
    ['cap already exceeded', ind('cap', '<=', 50, '万元'), { actual: 51, expected: 60 }, true],
    ['cap expected exceeded', ind('cap', '<=', 50, '万元'), { actual: 30, expected: 55 }, true],
    ['cap within', ind('cap', '<=', 50, '万元'), { actual: 10, expected: 50 }, false],
    ['level ≥ below target', ind('level', '>=', 90, '%'), { actual: 85, expected: 92 }, true],
    ['level ≥ satisfaction on track, no time progress', ind('level', '>=', 90, '%'), { actual: 92, expected: 92 }, false],
    ['level ≤ 30 天 on track', ind('level', '<=', 30, '天'), { actual: 20, expected: 25 }, false],
    ['level ≤ 30 天 above', ind('level', '<=', 30, '天'), { actual: 35, expected: 28 }, true],
    ['level expected misses', ind('level', '>=', 95, '%'), { actual: 96, expected: 94 }, true],
    ['milestone expected late', ind('milestone', '<=', '2027-10-31'), { actual: null, expected: '2027-11-30' }, true],
    ['milestone on plan', ind('milestone', '<=', '2027-10-31'), { actual: null, expected: '2027-10-01' }, false],
    ['milestone passed without completion', ind('milestone', '<=', '2027-06-30'), { actual: null, expected: '2027-06-30' }, true],
    ['milestone completed in time', ind('milestone', '<=', '2027-06-30'), { actual: '2027-06-20', expected: '2027-06-20' }, false],
    ['milestone completed late', ind('milestone', '<=', '2027-06-30'), { actual: '2027-07-02', expected: '2027-07-02' }, true],
    ['qualitative not on track', ind('qualitative', '=', '有效提升'), { actual: '进展缓慢', expected: false }, true],
    ['qualitative on track', ind('qualitative', '=', '有效提升'), { actual: '按计划推进', expected: true }, false],
    ['missing figures', ind('level', '>=', 90, '%'), { actual: 85 }, null],
  ]
  it.each(table)('%s', (_name, indicator, figures, deviating) => {
    const j = judgeIndicator(indicator, figures, mid, today)
    expect(j === null ? null : j.deviating).toBe(deviating)
    if (j?.deviating) expect(j.reason).toBeTruthy()
  })
  it('applies the tolerance to cumulative indicators', () => {
    expect(judgeIndicator(ind('cumulative', '>=', 100), { actual: 46, expected: 100 }, { endMonth: 6, tolerance: 5 }, today)?.deviating).toBe(false)
    expect(judgeIndicator(ind('cumulative', '>=', 100), { actual: 44, expected: 100 }, { endMonth: 6, tolerance: 5 }, today)?.deviating).toBe(true)
  })
})

describe('compareWithPrevious', () => {
  it.each<[number, number | undefined, object | null]>([
    [100, undefined, null],
    [100, 120, { kind: 'fall', previous: 120 }],
    [300, 100, null],
    [301, 100, { kind: 'jump', previous: 100, factor: 3 }],
    [0, 0, null],
  ])('%d after %s', (cur, prev, out) => expect(compareWithPrevious(cur, prev, 3)).toEqual(out))
})
