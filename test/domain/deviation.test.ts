import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { executionRate, isLagging, judgeIndicator, type IndicatorFigures } from '../../src/domain/deviation.js'
import { compareWithPrevious } from '../../src/domain/previous-round.js'
import { timeProgressPercent } from '../../src/domain/time-progress.js'
import type { Indicator } from '../../src/domain/types.js'

const ind = (
  basis: Indicator['basis'],
  comparator: Indicator['comparator'],
  target: number | string,
  measure = '',
): Indicator => ({ code: 'I', level1: '产出指标', level2: '数量指标', name: 'x', comparator, target, measure, basis })

const mid = { endMonth: 6, tolerance: 0 }
const today = '2027-07-05T10:00:00+08:00'

describe('time progress and fund lines', () => {
  it.each([
    [6, 50],
    [9, 75],
    [12, 100],
    [3, 25],
  ])('1-%d月 → %d%%', (m, p) => expect(timeProgressPercent(m)).toBe(p))
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
    [
      'level ≥ satisfaction on track, no time progress',
      ind('level', '>=', 90, '%'),
      { actual: 92, expected: 92 },
      false,
    ],
    ['level ≤ 30 天 on track', ind('level', '<=', 30, '天'), { actual: 20, expected: 25 }, false],
    ['level ≤ 30 天 above', ind('level', '<=', 30, '天'), { actual: 35, expected: 28 }, true],
    ['level expected misses', ind('level', '>=', 95, '%'), { actual: 96, expected: 94 }, true],
    ['milestone expected late', ind('milestone', '<=', '2027-10-31'), { actual: null, expected: '2027-11-30' }, true],
    ['milestone on plan', ind('milestone', '<=', '2027-10-31'), { actual: null, expected: '2027-10-01' }, false],
    [
      'milestone passed without completion',
      ind('milestone', '<=', '2027-06-30'),
      { actual: null, expected: '2027-06-30' },
      true,
    ],
    [
      'milestone completed in time',
      ind('milestone', '<=', '2027-06-30'),
      { actual: '2027-06-20', expected: '2027-06-20' },
      false,
    ],
    [
      'milestone completed late',
      ind('milestone', '<=', '2027-06-30'),
      { actual: '2027-07-02', expected: '2027-07-02' },
      true,
    ],
    ['qualitative not on track', ind('qualitative', '=', '有效提升'), { actual: '进展缓慢', expected: false }, true],
    ['qualitative on track', ind('qualitative', '=', '有效提升'), { actual: '按计划推进', expected: true }, false],
    ['missing figures', ind('level', '>=', 90, '%'), { actual: 85 }, null],
  ]
  it.each(table)('%s', (_name, indicator, figures, deviating) => {
    const j = judgeIndicator(indicator, figures, mid, today)
    expect(j === null ? null : j.deviating).toBe(deviating)
    if (j?.deviating) expect(j.reason).toBeTruthy()
  })
  it.each<[string, number | string, number, number, { endMonth: number; tolerance: number }, boolean]>([
    ['3.3 of 4.4 at 1-9月 is exactly 75 %', 4.4, 3.3, 4.4, { endMonth: 9, tolerance: 0 }, false],
    ['3.29 of 4.4 at 1-9月 is just below', 4.4, 3.29, 4.4, { endMonth: 9, tolerance: 0 }, true],
    ['3.2 of 4.4 at 1-9月 is below', 4.4, 3.2, 4.4, { endMonth: 9, tolerance: 0 }, true],
    ['target given as text "4.4"', '4.4', 3.3, 4.4, { endMonth: 9, tolerance: 0 }, false],
    ['0.15 of 0.2 at 1-9月', 0.2, 0.15, 0.2, { endMonth: 9, tolerance: 0 }, false],
    ['0.35 of 0.7 at 1-6月', 0.7, 0.35, 0.7, { endMonth: 6, tolerance: 0 }, false],
    ['0.34 of 0.7 at 1-6月', 0.7, 0.34, 0.7, { endMonth: 6, tolerance: 0 }, true],
    ['3.19 of 4.4 at 1-9月 with 2.5 points tolerance (72.5 %)', 4.4, 3.19, 4.4, { endMonth: 9, tolerance: 2.5 }, false],
    ['3.18 of 4.4 at 1-9月 with 2.5 points tolerance', 4.4, 3.18, 4.4, { endMonth: 9, tolerance: 2.5 }, true],
    ['on time but full year expected 0.01 short', 0.3, 0.3, 0.29, { endMonth: 9, tolerance: 0 }, true],
  ])('cumulative exactly at the boundary: %s', (_name, target, actual, expected, rules, deviating) => {
    const j = judgeIndicator(ind('cumulative', '>=', target, '公里'), { actual, expected }, rules, today)
    expect(j?.deviating).toBe(deviating)
  })
  it.each<[Indicator['basis'], Indicator['comparator'], number, number, number, boolean]>([
    ['cap', '<=', 0.3, 0.3, 0.3, false],
    ['cap', '<=', 0.3, 0.1 + 0.2, 0.3, true], // 0.30000000000000004 is not 0.3: values are taken as they are
    ['level', '>=', 0.3, 0.3, 0.3, false],
    ['level', '=', 1.1, 1.1, 1.1, false],
    ['level', '<=', 1.1, 1.11, 1.1, true],
  ])('%s %s %d: actual %d, expected %d → %s', (basis, cmp, target, actual, expected, deviating) => {
    expect(judgeIndicator(ind(basis, cmp, target), { actual, expected }, mid, today)?.deviating).toBe(deviating)
  })
  // what the clerk reads in the deviation block and in 查看: ≥ is a floor, ≤ a ceiling, = an exact value
  it.each<[string, Indicator, IndicatorFigures, string]>([
    ['level ≥ missed', ind('level', '>=', 90, '%'), { actual: 80, expected: 92 }, '当前 80%，未达到目标 ≥90%'],
    ['level ≤ exceeded', ind('level', '<=', 30, '天'), { actual: 35, expected: 28 }, '当前 35天，超过上限 30天'],
    ['level = differs', ind('level', '=', 5, '个'), { actual: 3, expected: 5 }, '当前 3个，与目标 5个不符'],
    [
      'level ≥ expected short',
      ind('level', '>=', 95, '%'),
      { actual: 96, expected: 94 },
      '全年预计 94%，未达到目标 ≥95%',
    ],
    [
      'level ≤ expected over',
      ind('level', '<=', 30, '天'),
      { actual: 20, expected: 31 },
      '全年预计 31天，超过上限 30天',
    ],
    ['cap exceeded', ind('cap', '<=', 50, '万元'), { actual: 51, expected: 60 }, '已完成 51万元，超过上限 50万元'],
    [
      'cumulative behind',
      ind('cumulative', '>=', 1200, '户'),
      { actual: 500, expected: 1200 },
      '已完成目标的 41.67%，低于序时进度 50%',
    ],
    [
      'cumulative expected short',
      ind('cumulative', '>=', 1200, '户'),
      { actual: 800, expected: 1100 },
      '全年预计 1100户，低于目标 1200户',
    ],
    [
      'qualitative not on track',
      ind('qualitative', '=', '有效提升'),
      { actual: '进展缓慢', expected: false },
      '单位预计全年不能实现',
    ],
  ])('says why in plain words: %s', (_name, indicator, figures, reason) => {
    const j = judgeIndicator(indicator, figures, mid, today)
    expect(j?.reason).toBe(reason)
    expect(j?.reason).not.toMatch(/未达到 ?≤|未达到 ?=/)
  })
  it('applies the tolerance to cumulative indicators', () => {
    expect(
      judgeIndicator(ind('cumulative', '>=', 100), { actual: 46, expected: 100 }, { endMonth: 6, tolerance: 5 }, today)
        ?.deviating,
    ).toBe(false)
    expect(
      judgeIndicator(ind('cumulative', '>=', 100), { actual: 44, expected: 100 }, { endMonth: 6, tolerance: 5 }, today)
        ?.deviating,
    ).toBe(true)
  })
})

/** A figure as the chat/HTTP parsers store it: `units` hundredths (or tenths) → 3.3, 0.15 … */
const figure = (units: number, places: number): number =>
  Number(`${Math.trunc(units / 10 ** places)}.${String(units % 10 ** places).padStart(places, '0')}`)
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))

describe('judgeIndicator at the time progress (property)', () => {
  // target = t units of 10^-places; the boundary actual t·(100N − 12·tolerance)/1200 units is exact when t
  // is a multiple of 1200/gcd(1200, 100N − 12·tolerance), so every case is representable in the input's decimals.
  const boundary = (tolerance: fc.Arbitrary<number>) =>
    fc
      .record({
        places: fc.constantFrom(1, 2),
        endMonth: fc.constantFrom(6, 9),
        tolerance,
        k: fc.integer({ min: 1, max: 100_000 }),
        comparator: fc.constantFrom<Indicator['comparator']>('>=', '='),
      })
      .map(({ places, endMonth, tolerance, k, comparator }) => {
        const factor = 100 * endMonth - 12 * tolerance
        const t = k * (1200 / gcd(1200, factor))
        const a = (t * factor) / 1200
        return {
          comparator,
          rules: { endMonth, tolerance },
          target: figure(t, places),
          atProgress: figure(a, places),
          justBelow: figure(a - 1, places),
        }
      })
  interface Case {
    comparator: Indicator['comparator']
    rules: { endMonth: number; tolerance: number }
    target: number
    atProgress: number
    justBelow: number
  }
  const check = ({ comparator, rules, target, atProgress, justBelow }: Case) => {
    const indicator = ind('cumulative', comparator, target, '公里')
    expect(judgeIndicator(indicator, { actual: atProgress, expected: target }, rules, today)).toEqual({
      deviating: false,
    })
    expect(judgeIndicator(indicator, { actual: justBelow, expected: target }, rules, today)?.deviating).toBe(true)
  }
  it('exactly at N/12 of a one- or two-decimal target is never lagging; one unit of the last decimal below is', () => {
    fc.assert(fc.property(boundary(fc.constant(0)), check), { numRuns: 2000 })
  })
  it('the same with a tolerance in whole or half percentage points', () => {
    fc.assert(fc.property(boundary(fc.integer({ min: 0, max: 20 }).map((h) => h / 2)), check), { numRuns: 2000 })
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
  it.each<[number, number, number, object | null]>([
    [115, 100, 1.15, null], // exactly 1.15×: 100·1.15 is 114.99999999999999 as a double
    [116, 100, 1.15, { kind: 'jump', previous: 100, factor: 1.2 }],
    [2_300_000, 1_000_000, 2.3, null],
    [2_300_001, 1_000_000, 2.3, { kind: 'jump', previous: 1_000_000, factor: 2.3 }],
  ])('%d after %d with a jump factor of %d', (cur, prev, factor, out) =>
    expect(compareWithPrevious(cur, prev, factor)).toEqual(out),
  )
})
