import { describe, expect, it } from '@jest/globals'
import { expandForm, getTemplate } from '../../src/forms/index.js'
import { submissionFields } from '../../src/forms/schema.js'
import { demoContext } from '../../fixtures/demo-context.js'

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
})
