import { describe, expect, it } from '@jest/globals'
import { buildSubmissionSchema, getTemplate, validateDraft, validateSubmission } from '../../src/forms/index.js'
import { demoContext } from '../../fixtures/demo-context.js'
import { WAN, onTrackDepartment } from '../support/department-answers.js'

const W = WAN
const dept = getTemplate('department@1')
const ctx = demoContext()

/** A complete department submission with everything on track. */
const valid = onTrackDepartment
const deviation = (key: string): Record<string, unknown> => ({
  [`${key}.dev.reasons`]: ['经费保障'],
  [`${key}.dev.explanation`]: '上半年支付进度慢',
  [`${key}.dev.measures`]: '加快支付进度',
  [`${key}.dev.likelihood`]: '有可能',
})

describe('submission schema (department@1)', () => {
  it('accepts a complete payload and computes rates', () => {
    const r = validateSubmission(dept, ctx, { answers: valid() })
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.computed.lines['funds.total']).toMatchObject({ rate: 52, lagging: false })
      expect(r.computed.flagged).toEqual([])
    }
    expect(buildSubmissionSchema(dept, ctx).safeParse({ answers: valid() }).success).toBe(true)
  })

  const broken: [string, (a: Record<string, unknown>) => void, string, RegExp][] = [
    [
      'a flagged indicator without its deviation explanation',
      (a) => {
        a['indicators.D1.actual'] = 45
      },
      'indicators.D1.dev.explanation',
      /必填/,
    ],
    [
      'an amount as a string',
      (a) => {
        a['funds.total.executed'] = '260万'
      },
      'funds.total.executed',
      /金额/,
    ],
    [
      'a fraction of a 分',
      (a) => {
        a['funds.basic.expected'] = 1.5
      },
      'funds.basic.expected',
      /整数分/,
    ],
    [
      'a negative amount',
      (a) => {
        a['funds.project.executed'] = -1
      },
      'funds.project.executed',
      /负数/,
    ],
    [
      'parts not adding up to the total',
      (a) => {
        a['funds.total.executed'] = 250 * W
      },
      'funds.total.executed',
      /应等于/,
    ],
    [
      'expected below executed',
      (a) => {
        a['funds.project.expected'] = 90 * W
        a['funds.basic.expected'] = 410 * W
      },
      'funds.project.expected',
      /不能小于/,
    ],
    [
      'a missing required figure',
      (a) => {
        delete a['funds.basic.expected']
      },
      'funds.basic.expected',
      /必填/,
    ],
    [
      'an unknown field',
      (a) => {
        a['funds.extra'] = 1
      },
      'funds.extra',
      /未知字段/,
    ],
    [
      'a percent above 100',
      (a) => {
        a['indicators.D1.actual'] = 120
      },
      'indicators.D1.actual',
      /100%/,
    ],
    [
      'executed above budget without a reason',
      (a) => {
        Object.assign(a, {
          'funds.total.executed': 600 * W,
          'funds.total.expected': 600 * W,
          'funds.basic.executed': 400 * W,
          'funds.basic.expected': 400 * W,
          'funds.project.executed': 200 * W,
        })
      },
      'funds.basic.overBudgetReason',
      /必填/,
    ],
    [
      'a deviation reason that is not one of the five',
      (a) => {
        a['indicators.D1.actual'] = 45
        Object.assign(a, deviation('indicators.D1'), { 'indicators.D1.dev.reasons': ['天气'] })
      },
      'indicators.D1.dev.reasons',
      /须为以下之一/,
    ],
  ]
  it.each(broken)('rejects %s', (_name, mutate, path, message) => {
    const a = valid()
    mutate(a)
    const r = validateSubmission(dept, ctx, { answers: a })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors).toEqual(expect.arrayContaining([{ path, message: expect.stringMatching(message) }]))
  })

  it('accepts the flagged indicator once explained', () => {
    const a = { ...valid(), 'indicators.D1.actual': 45, ...deviation('indicators.D1') }
    const r = validateSubmission(dept, ctx, { answers: a })
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.computed.flagged).toEqual(['indicators.D1'])
  })

  it.each([null, 42, {}, { answers: [] }])('rejects a payload that is not { answers } (%j)', (payload) => {
    expect(validateSubmission(dept, ctx, payload).ok).toBe(false)
  })
})

describe('validateDraft', () => {
  it('accepts a partial draft', () => {
    expect(validateDraft(dept, ctx, { 'funds.total.executed': 260 * W })).toEqual({
      errors: [],
      unknown: [],
      answers: { 'funds.total.executed': 260 * W },
    })
  })
  it('names keys the form does not have and keeps them out of the answers', () => {
    expect(validateDraft(dept, ctx, { 'funds.total.executed': 260 * W, nope: 1 })).toMatchObject({
      unknown: ['nope'],
      answers: { 'funds.total.executed': 260 * W },
    })
  })
  it('reports wrong values with Chinese messages and field paths', () => {
    const { errors } = validateDraft(dept, ctx, {
      'funds.total.executed': 'abc',
      'indicators.D1.actual': 120,
      nope: 1,
      'funds.total.expected': 100 * W,
      'funds.basic.executed': 10 * W,
      'funds.basic.expected': 5 * W,
    })
    expect(errors.map((e) => e.path).sort()).toEqual([
      'funds.basic.expected',
      'funds.total.executed',
      'indicators.D1.actual',
      'nope',
    ])
    expect(errors.find((e) => e.path === 'funds.total.executed')?.message).toMatch(/部门预算总额·1-6月执行数：须为金额/)
  })
})

describe('schemas of the other templates', () => {
  it('disclosure: URL required, others optional', () => {
    const t = getTemplate('disclosure')
    expect(validateSubmission(t, ctx, { answers: { departmentUrl: 'https://www.wuding.gov.cn/' } }).ok).toBe(true)
    const r = validateSubmission(t, ctx, { answers: { departmentUrl: 'javascript:alert(1)' } })
    expect(r).toMatchObject({ ok: false, errors: [{ path: 'departmentUrl' }] })
    expect(validateSubmission(t, ctx, { answers: {} })).toMatchObject({
      ok: false,
      errors: [{ path: 'departmentUrl', message: expect.stringMatching(/必填/) }],
    })
  })
  it('county-detail: a slow line needs its reason', () => {
    const t = getTemplate('county-detail')
    const P = 'projects.P1.funds.county.'
    const a = { [`${P}paid`]: 1 * W, [`${P}allocated`]: 8 * W }
    expect(validateSubmission(t, ctx, { answers: a })).toMatchObject({
      ok: false,
      errors: [{ path: `${P}dev.slowReason` }],
    })
    expect(validateSubmission(t, ctx, { answers: { ...a, [`${P}dev.slowReason`]: '项目6月才开工' } }).ok).toBe(true)
  })
})
