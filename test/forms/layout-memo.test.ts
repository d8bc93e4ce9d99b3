import { describe, expect, it } from '@jest/globals'
import { expandForm, getTemplate, validateSubmission } from '../../src/forms/index.js'
import { submissionFields } from '../../src/forms/schema.js'
import { demoContext } from '../../fixtures/demo-context.js'
import { onTrackDepartment } from '../support/department-answers.js'

/**
 * The layout and its field schema are remembered (issue 19: a submit re-expanded and re-compiled them),
 * and never handed to a context they do not fit.
 */
describe('layout memo', () => {
  const dept = getTemplate('department@1')
  const project = getTemplate('project')

  it('a context copied with a new time gets the same layout and the same field schema', () => {
    const ctx = demoContext()
    const x = expandForm(project, ctx)
    const later = { ...ctx, now: '2027-07-06T10:00:00+08:00' }
    expect(expandForm(project, later)).toBe(x)
    expect(submissionFields(expandForm(project, later))).toBe(submissionFields(x))
  })

  it('another department, another period or another template is laid out again', () => {
    const ctx = demoContext()
    const x = expandForm(dept, ctx)
    const indicators = [...(ctx.department?.indicators ?? []).slice(0, 1)]
    const fewer = { ...ctx, department: { ...ctx.department, indicators } }
    const y = expandForm(dept, fewer)
    expect(y).not.toBe(x)
    expect(y.questions.some((q) => q.path.startsWith('indicators.D2'))).toBe(false)
    expect(x.questions.some((q) => q.path.startsWith('indicators.D2'))).toBe(true)
    expect(submissionFields(y).safeParse({ answers: { 'indicators.D2.actual': 1 } }).success).toBe(false)
    const nine = { ...ctx, round: { ...ctx.round, endMonth: 9 } }
    expect(expandForm(dept, nine)).not.toBe(x)
    expect(expandForm(project, ctx)).not.toBe(x)
  })

  it('the same projects array with changed projects in a new array is laid out again', () => {
    const ctx = demoContext()
    const x = expandForm(project, ctx)
    const one = { ...ctx, projects: ctx.projects.slice(0, 1) }
    const y = expandForm(project, one)
    expect(y).not.toBe(x)
    expect(y.questions.length).toBeLessThan(x.questions.length)
  })

  it("a layout parsed seldom (without zod's compiled parser) and often (with it) gives the same answers and errors", () => {
    // no other test in this file parses this layout through validateSubmission: its parse count starts here
    const ctx = demoContext()
    const answers = onTrackDepartment()
    const results = Array.from({ length: 12 }, (_, i) =>
      i % 2 === 0
        ? validateSubmission(dept, ctx, { answers })
        : validateSubmission(dept, ctx, { answers: { ...answers, 'funds.total.executed': '多', 'x.y': 1 } }),
    )
    const good = results.filter((_, i) => i % 2 === 0)
    const bad = results.filter((_, i) => i % 2 === 1)
    expect(good[0]).toMatchObject({ ok: true, value: { answers } })
    for (const r of good) expect(r).toEqual(good[0])
    expect(bad[0]).toMatchObject({ ok: false })
    const errors = bad[0].ok ? [] : bad[0].errors.map((e) => e.path).sort()
    expect(errors).toEqual(['funds.total.executed', 'x.y'])
    for (const r of bad) expect(r).toEqual(bad[0])
  })
})
