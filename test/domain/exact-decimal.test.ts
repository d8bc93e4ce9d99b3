import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { compareNumbers, exactDecimal } from '../../src/domain/exact-decimal.js'

describe('exactDecimal', () => {
  it.each<[number, { units: bigint; scale: number } | null]>([
    [3.3, { units: 33n, scale: 1 }],
    [0.15, { units: 15n, scale: 2 }],
    [1200, { units: 1200n, scale: 0 }],
    [-2.5, { units: -25n, scale: 1 }],
    [1e21, { units: 10n ** 21n, scale: 0 }],
    [1.5e-7, { units: 15n, scale: 8 }],
    [NaN, null],
    [Infinity, null],
  ])('%d', (n, d) => expect(exactDecimal(n)).toEqual(d))
})

describe('compareNumbers', () => {
  it('orders four-decimal figures exactly as their scaled integers', () => {
    const figure = (u: number) => Number((u / 10_000).toFixed(4))
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), (x, y) => {
        expect(compareNumbers(figure(x), figure(y))).toBe(Math.sign(x - y) || 0)
      }),
    )
  })
  it('keeps NaN unordered and Infinity above everything', () => {
    expect(compareNumbers(NaN, 1)).toBeNull()
    expect(compareNumbers(Infinity, 1e300)).toBe(1)
  })
})
