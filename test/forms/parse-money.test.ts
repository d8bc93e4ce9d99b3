import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { formatMoney, parseMoney } from '../../src/forms/parse/money.js'

const accepted: [string, number, boolean][] = [
  ['12.5万', 12_500_000, false],
  ['125000', 12_500_000, true],
  ['12,500.00元', 1_250_000, false],
  ['１２５０００', 12_500_000, true],
  ['12.5万元', 12_500_000, false],
  ['1.2亿', 12_000_000_000, false],
  ['￥3,456.78', 345_678, false],
  ['¥3456.78', 345_678, false],
  ['十二万五千', 12_500_000, false],
  ['一百二十万', 120_000_000, false],
  ['12万3千', 12_300_000, false],
  ['一万五', 1_500_000, false],
  ['一千零五元', 100_500, false],
  ['1亿2000万', 12_000_000_000, false],
  ['12 500 元', 1_250_000, false],
  ['十二点五万', 12_500_000, false],
  ['0', 0, true],
  ['0.01', 1, true],
  ['12.345万', 12_345_000, false],
]

const refused: [string, RegExp][] = [
  ['-5', /负数/],
  ['负五万', /负数/],
  ['12.345', /两位小数/],
  ['0.001元', /两位小数/],
  ['abc', /请输入金额/],
  ['', /请输入金额/],
  ['万', /请输入金额/],
  ['12,34', /请输入金额/],
  ['十十', /请输入金额/],
  ['1万2万', /请输入金额/],
]

describe('parseMoney', () => {
  it.each(accepted)('%s → %d 分 (bare %s)', (input, fen, bare) => {
    expect(parseMoney(input)).toMatchObject({ ok: true, fen, bare })
  })
  it.each(refused)('refuses %s', (input, hint) => {
    const r = parseMoney(input)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(hint)
  })
  it('formats 分 as 万元 or 元', () => {
    expect(formatMoney(12_500_000)).toBe('12.5万元')
    expect(formatMoney(345_678)).toBe('3456.78元')
    expect(formatMoney(0)).toBe('0元')
  })
})

describe('parseMoney properties', () => {
  it('returns a value or a refusal for any string, never throws', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseMoney(s)
        expect(typeof r.ok).toBe('boolean')
        if (r.ok) expect(Number.isSafeInteger(r.fen) && r.fen >= 0).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })
  it('returns a value or a refusal for strings of number-like characters', () => {
    const chars = fc.constantFrom(...'0123456789.,万亿千百十一二三四五六七八九零两点元¥-%'.split(''))
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }), (a) => {
        const r = parseMoney(a.join(''))
        expect(typeof r.ok).toBe('boolean')
      }),
      { numRuns: 3000 },
    )
  })
  it('format then parse gives back every whole number of 分 from 0 to 10^14 exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000_000 }), (fen) => {
        expect(parseMoney(formatMoney(fen))).toMatchObject({ ok: true, fen })
      }),
      { numRuns: 5000 },
    )
  })
  it('a plain 元 string with two decimals parses to the exact 分', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), (fen) => {
        const s = `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`
        expect(parseMoney(s)).toMatchObject({ ok: true, fen: Number(fen) })
      }),
    )
  })
})
