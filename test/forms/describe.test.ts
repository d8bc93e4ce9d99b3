import { describe, expect, it } from '@jest/globals'
import { describeForm, getTemplate, templates } from '../../src/forms/index.js'
import { demoContext } from '../../fixtures/demo-context.js'

describe('describeForm', () => {
  const ctx = demoContext({ previous: { 'projects.P1.funds.total.executed': 10_000_000 } })

  it('describes every template as plain JSON', () => {
    for (const t of templates) {
      const d = describeForm(t, ctx)
      expect(JSON.parse(JSON.stringify(d))).toEqual(d)
      expect(d.groups.length).toBeGreaterThan(0)
      expect(d.id).toBe(t.id)
    }
  })

  it('carries types, pre-filled budgets, last round and conditions', () => {
    const d = describeForm(getTemplate('project'), ctx, { 'projects.P1.funds.total.executed': 12_000_000 })
    expect(d).toMatchObject({ period: '1-6月', timeProgress: 50, units: { money: 'fen' } })
    const funds = d.groups[0]
    expect(funds.scope).toEqual({ index: 1, count: 2, code: 'P1', name: '乡村道路养护' })
    expect(funds.fields[0]).toMatchObject({
      path: 'projects.P1.funds.total.executed',
      kind: 'money',
      required: true,
      budget: 35_000_000,
      previous: 10_000_000,
      value: 12_000_000,
    })
    const dev = d.groups.find((g) => g.id === 'projects.P1.funds.total.dev')
    expect(dev).toMatchObject({ active: true, when: { kind: 'flagged', key: 'projects.P1.funds.total' } })
    expect(dev?.fields[0]).toMatchObject({
      kind: 'multi-choice',
      options: ['经费保障', '制度保障', '人员保障', '硬件条件保障', '其他'],
    })
    const indicators = d.groups.find((g) => g.id === 'projects.P1.indicators')
    expect(indicators?.fields.find((f) => f.path === 'projects.P1.indicators.I2.actual')).toMatchObject({
      kind: 'percent',
      measure: '%',
    })
    expect(d.checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'sum', total: 'projects.P1.funds.total.executed' })]),
    )
  })

  it('asks for a budget only where the context has none', () => {
    const d = describeForm(getTemplate('department'), demoContext({ department: { indicators: [] } }))
    expect(d.groups[0].fields.map((f) => f.path)).toContain('funds.total.budget')
  })
})
