import { describe, expect, it } from '@jest/globals'
import { kinds } from '../../src/forms/kinds/index.js'
import type { KindName, Question } from '../../src/forms/question.js'

const q = (kind: KindName, extra: Partial<Question> = {}): Question => ({
  key: 'k',
  path: 'k',
  label: '测试',
  kind,
  required: true,
  ...extra,
})
const REASONS = ['经费保障', '制度保障', '人员保障', '硬件条件保障', '其他']

/** kind, question options, reply → stored value, or an error matching the pattern. */
const table: [KindName, Partial<Question>, string, { value: unknown } | { error: RegExp } | { ask: RegExp }][] = [
  ['money', {}, '12.5万', { value: 12_500_000 }],
  ['money', {}, '１２５０００', { value: 12_500_000 }],
  ['money', { budgetFen: 30_000_000 }, '12.5', { ask: /是 12.5 元还是 12.5 万元/ }],
  ['money', { budgetFen: 30_000_000 }, '12.5万', { value: 12_500_000 }],
  ['money', { budgetFen: 30_000_000 }, '125000', { value: 12_500_000 }],
  ['money', { budgetFen: 30_000_000 }, '0', { value: 0 }],
  ['money', {}, '-3', { error: /负数/ }],
  ['money', {}, '12.345', { error: /两位小数/ }],
  ['money', {}, '不知道', { error: /请输入金额/ }],
  ['percent', {}, '45%', { value: 45 }],
  ['percent', {}, '百分之四十五', { value: 45 }],
  ['percent', {}, '0.45', { ask: /0.45% 还是 45%/ }],
  ['percent', {}, '120%', { error: /100%/ }],
  ['percent', { allowOver100: true }, '120%', { value: 120 }],
  ['number', { measure: '公里' }, '60公里', { value: 60 }],
  ['number', { measure: '公里' }, '12.5', { value: 12.5 }],
  ['number', { measure: '户' }, '一千二百', { value: 1200 }],
  ['number', { measure: '万元' }, '30万', { value: 30 }],
  ['number', { measure: '万元' }, '30万元', { value: 30 }],
  ['number', { measure: '户' }, '很多', { error: /请输入数值/ }],
  ['number', {}, '-1', { error: /负数/ }],
  ['integer', { measure: '户' }, '1200户', { value: 1200 }],
  ['integer', { measure: '户' }, '12.5', { error: /整数/ }],
  ['choice', { options: ['确定能', '有可能', '完全不可能'] }, '2', { value: '有可能' }],
  ['choice', { options: ['确定能', '有可能', '完全不可能'] }, '完全不可能', { value: '完全不可能' }],
  ['choice', { options: ['确定能', '有可能', '完全不可能'] }, '4', { error: /请回复序号/ }],
  ['multi-choice', { options: REASONS }, '1,3', { value: ['经费保障', '人员保障'] }],
  ['multi-choice', { options: REASONS }, '1 3', { value: ['经费保障', '人员保障'] }],
  ['multi-choice', { options: REASONS }, '3、1', { value: ['经费保障', '人员保障'] }],
  ['multi-choice', { options: REASONS }, '经费保障、人员保障', { value: ['经费保障', '人员保障'] }],
  // "13" is not read as 1 and 3 (issue 14): refused with a hint to separate the numbers
  ['multi-choice', { options: REASONS }, '13', { error: /没有第 13 项。多选请用空格或顿号分开序号/ }],
  ['multi-choice', { options: REASONS }, '1，3', { value: ['经费保障', '人员保障'] }],
  ['multi-choice', { options: REASONS }, '1和3', { value: ['经费保障', '人员保障'] }],
  ['multi-choice', { options: REASONS }, '经费保障 人员保障', { value: ['经费保障', '人员保障'] }],
  ['multi-choice', { options: REASONS }, '1、9', { error: /不是选项/ }],
  ['yes-no', {}, '是', { value: true }],
  ['yes-no', {}, '对', { value: true }],
  ['yes-no', {}, '否', { value: false }],
  ['yes-no', {}, '不是', { value: false }],
  ['yes-no', {}, '没有', { value: false }],
  ['yes-no', {}, '也许', { error: /是.*否/ }],
  ['text', { minLength: 4 }, '资金6月底才下达', { value: '资金6月底才下达' }],
  ['text', { minLength: 4 }, '无', { error: /至少 4 个字/ }],
  // invisible and control characters are removed before counting (issue 21, finding 4)
  ['text', { minLength: 2 }, '\u200b\u200b', { error: /至少 2 个字/ }],
  ['text', { minLength: 2 }, '\u202e\u2066\ufeff\u2060好', { error: /至少 2 个字/ }],
  ['text', { minLength: 4 }, '资金\u0001已\u000b拨\u001b付\u0085', { value: '资金已拨付' }],
  ['text', { minLength: 4 }, '资金\u200d已拨付\u009b', { value: '资金已拨付' }],
  ['date', { defaultYear: 2027 }, '2027-07-10', { value: '2027-07-10' }],
  ['date', { defaultYear: 2027 }, '7月10日', { value: '2027-07-10' }],
  ['date', { defaultYear: 2027 }, '2024年7月10日', { value: '2024-07-10' }],
  ['date', { defaultYear: 2027, allowNone: true }, '未完成', { value: null }],
  ['date', { defaultYear: 2027 }, '未完成', { error: /日期/ }],
  ['date', { defaultYear: 2027 }, '2月30日', { error: /没有这一天/ }],
  ['url', {}, ' https://www.wuding.gov.cn/x.html ', { value: 'https://www.wuding.gov.cn/x.html' }],
  ['url', {}, 'ftp://a.cn', { error: /http/ }],
]

describe('question kinds', () => {
  it.each(table)('%s %j: %j', (kind, extra, reply, expected) => {
    const question = q(kind, extra)
    const r = kinds[kind].parse(reply, question)
    if ('value' in expected) {
      expect(r).toEqual({ ok: true, value: expected.value })
      expect(kinds[kind].schema(question).safeParse(expected.value).success).toBe(true)
      // formatting a stored value and parsing it back gives the same value
      const again = kinds[kind].parse(kinds[kind].format(expected.value, question), {
        ...question,
        budgetFen: undefined,
      })
      expect(again).toEqual({ ok: true, value: expected.value })
    } else if ('ask' in expected) {
      expect(r.ok).toBe('ambiguous')
      if (r.ok === 'ambiguous') expect(r.question).toMatch(expected.ask)
    } else {
      expect(r.ok).toBe(false)
      if (r.ok === false) expect(r.error).toMatch(expected.error)
    }
  })

  it('every kind renders a hint and an example', () => {
    for (const k of Object.values(kinds)) {
      const question = q(k.name, { options: REASONS })
      expect(k.hint(question).length).toBeGreaterThan(0)
      expect(k.example(question).length).toBeGreaterThan(0)
    }
  })
})

describe('hints read as a clerk would read them', () => {
  // the prompt writes "（hint）" and 帮助 adds "，例如“<example>”": a hint with its own 例如 or parentheses doubles up
  it.each<[KindName, Partial<Question>, string]>([
    ['money', {}, '金额，单位元，可写“12.5万”'],
    ['percent', {}, '百分比，不超过 100%'],
    ['percent', { allowOver100: true }, '百分比'],
    ['date', { defaultYear: 2027 }, '日期，可写 7月10日 或 2027-07-10'],
    ['date', { defaultYear: 2027, allowNone: true }, '日期，可写 7月10日；尚未完成请回复“未完成”'],
  ])('%s %j → %s', (kind, extra, hint) => {
    const h = kinds[kind].hint(q(kind, extra))
    expect(h).toBe(hint)
    expect(h).not.toMatch(/例如|[（(]/)
  })
  it("a date example and a date error are in the round's year", () => {
    expect(kinds.date.example(q('date', { defaultYear: 2027 }))).toBe('2027-07-10')
    expect(kinds.date.parse('下个月', q('date', { defaultYear: 2027 }))).toEqual({
      ok: false,
      error: '请输入日期，例如 7月10日 或 2027-07-10',
    })
  })
})

describe('text: one cleaning for the chat and the mini-program', () => {
  const question = q('text', { minLength: 2 })
  const schema = kinds.text.schema(question)

  it('refuses "\\u200b\\u200b" for minLength 2 in the schema as in chat', () => {
    expect(kinds.text.parse('\u200b\u200b', question).ok).toBe(false)
    const r = schema.safeParse('\u200b\u200b')
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.message).toBe('至少 2 个字')
  })

  it('stores the cleaned text; the mini-program keeps line breaks and tabs, CR LF becomes LF', () => {
    expect(schema.parse(' 资金\u0001已拨付\r\n下月\t完工\u202e ')).toBe('资金已拨付\n下月\t完工')
    expect(schema.parse('👍👍')).toBe('👍👍')
    expect(kinds.text.parse('资金已拨付\u000b\u000c下月完工', question)).toEqual({
      ok: true,
      value: '资金已拨付下月完工',
    })
  })
})
