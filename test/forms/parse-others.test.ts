import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseNumberExpression } from '../../src/forms/parse/chinese-number.js'
import { formatDate, parseDate } from '../../src/forms/parse/date.js'
import { formatScaled } from '../../src/forms/parse/decimal.js'
import { formatPercent, parsePercent } from '../../src/forms/parse/percent.js'
import { parseUrl } from '../../src/forms/parse/url.js'

describe('parseNumberExpression', () => {
  it.each([
    ['十二', '12'],
    ['二十五', '25'],
    ['一百二', '120'],
    ['一百零二', '102'],
    ['三百五', '350'],
    ['两万五千', '25000'],
    ['十万', '100000'],
    ['一亿', '100000000'],
    ['1.5千', '1500'],
    ['零', '0'],
  ])('%s → %s', (input, out) => {
    const d = parseNumberExpression(input)
    expect(d && formatScaled(d.int, d.scale)).toBe(out)
  })
  it.each(['', '百', '十十', '千百十万', 'abc', '一二'])('refuses %j', (input) => {
    expect(parseNumberExpression(input)).toBeNull()
  })
})

describe('parsePercent', () => {
  it.each([
    ['45%', 45],
    ['４５％', 45],
    ['45', 45],
    ['百分之四十五', 45],
    ['45.5%', 45.5],
    ['100%', 100],
    ['0', 0],
  ])('%s → %d', (input, value) => {
    expect(parsePercent(input)).toEqual({ ok: true, value })
  })
  it('asks about a bare fraction', () => {
    expect(parsePercent('0.45')).toEqual({ ok: 'ambiguous', options: [0.45, 45] })
  })
  it.each([
    ['120%', /100%/],
    ['-3%', /负数/],
    ['abc', /百分比/],
    ['45.123%', /两位小数/],
  ])('refuses %s', (input, hint) => {
    const r = parsePercent(input)
    expect(r.ok).toBe(false)
    if (r.ok === false) expect(r.error).toMatch(hint)
  })
  it('allows above 100 % when the question does', () => {
    expect(parsePercent('120%', true)).toEqual({ ok: true, value: 120 })
  })
  it('never throws and round-trips two-decimal percents', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(['boolean', 'string']).toContain(typeof parsePercent(s).ok)
      }),
      { numRuns: 2000 },
    )
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10000 }), (h) => {
        const v = h / 100
        expect(parsePercent(formatPercent(v))).toEqual({ ok: true, value: v })
      }),
    )
  })
})

describe('parseDate', () => {
  it.each([
    ['2024-07-10', '2024-07-10'],
    ['2024/7/10', '2024-07-10'],
    ['2024.7.10', '2024-07-10'],
    ['2024年7月10日', '2024-07-10'],
    ['7月10日', '2027-07-10'],
    ['７月１０号', '2027-07-10'],
    ['2024-02-29', '2024-02-29'],
  ])('%s → %s', (input, value) => {
    expect(parseDate(input, 2027)).toEqual({ ok: true, value })
  })
  it.each(['2023-02-29', '2024-13-01', '7月32日', '明天', ''])('refuses %j', (input) => {
    expect(parseDate(input, 2027).ok).toBe(false)
  })
  it('never throws and round-trips every day', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(typeof parseDate(s, 2024).ok).toBe('boolean')
      }),
      { numRuns: 2000 },
    )
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10)
        expect(parseDate(formatDate(iso))).toEqual({ ok: true, value: iso })
        expect(parseDate(iso)).toEqual({ ok: true, value: iso })
      }),
    )
  })
})

describe('parseUrl', () => {
  it.each([
    [' https://WWW.Wuding.gov.cn/info/1.html。 ', 'https://www.wuding.gov.cn/info/1.html'],
    ['http://example.gov.cn', 'http://example.gov.cn/'],
    ['www.wuding.gov.cn/x', 'http://www.wuding.gov.cn/x'],
    ['ｈｔｔｐｓ：／／ｗｗｗ．ａ．ｃｎ／ｘ', 'https://www.a.cn/x'],
  ])('%j → %s', (input, value) => {
    expect(parseUrl(input)).toEqual({ ok: true, value })
  })
  it.each(['ftp://a.cn/x', 'javascript:alert(1)', 'hello', 'http://a b.cn', ''])('refuses %j', (input) => {
    expect(parseUrl(input).ok).toBe(false)
  })
  it('never throws', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(typeof parseUrl(s).ok).toBe('boolean')
      }),
      { numRuns: 2000 },
    )
  })
})
