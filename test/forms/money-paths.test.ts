import { describe, expect, it } from '@jest/globals'
import { getTemplate, isMoneyPath } from '../../src/forms/index.js'

/** The CSV export labels money by the template alone: which answer paths hold 分. */
describe('isMoneyPath', () => {
  it('knows a fund line’s amounts, a typed budget, and nothing else', () => {
    const project = getTemplate('project')
    expect(isMoneyPath(project, 'projects.P1.funds.total.executed')).toBe(true)
    expect(isMoneyPath(project, 'projects.P1.funds.fiscal.expected')).toBe(true)
    expect(isMoneyPath(project, 'projects.P9.funds.other.budget')).toBe(true)
    expect(isMoneyPath(project, 'projects.P1.funds.total.dev.explanation')).toBe(false)
    expect(isMoneyPath(project, 'projects.P1.funds.total.overBudgetReason')).toBe(false)
    expect(isMoneyPath(project, 'projects.P1.funds.unknown.executed')).toBe(false)
    // an indicator measured in 万元 is a figure the clerk typed, not an amount in 分
    expect(isMoneyPath(project, 'projects.P1.indicators.I4.actual')).toBe(false)
    expect(isMoneyPath(project, 'projects.P1.goalProgress')).toBe(false)
    const department = getTemplate('department')
    expect(isMoneyPath(department, 'funds.basic.executed')).toBe(true)
    expect(isMoneyPath(department, 'funds.total.expected')).toBe(true)
    expect(isMoneyPath(department, 'indicators.D1.actual')).toBe(false)
    const detail = getTemplate('county-detail')
    expect(isMoneyPath(detail, 'projects.P1.funds.county.paid')).toBe(true)
    expect(isMoneyPath(detail, 'projects.P1.funds.county.allocated')).toBe(true)
    expect(isMoneyPath(getTemplate('disclosure'), 'departmentUrl')).toBe(false)
  })
})
