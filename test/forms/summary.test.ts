import { describe, expect, it } from '@jest/globals'
import { getTemplate } from '../../src/forms/index.js'
import { formatSummary } from '../../src/forms/summary.js'
import { demoContext } from '../../fixtures/demo-context.js'

const W = 1_000_000 // 1万元 in 分

/** What 查看 says before anything is judged: how much is filled, never "无偏差". */
describe('summary of a table not (fully) filled', () => {
  const t = getTemplate('project')
  const ctx = demoContext()

  it('a table with nothing filled says 尚未填写, per project in the compact form too', () => {
    const full = formatSummary(t, ctx, {})
    expect(full).not.toContain('无偏差')
    expect(full.split('\n').pop()).toBe('尚未填写。')
    const compact = formatSummary(t, ctx, {}, undefined, { compact: true })
    expect(compact).toMatch(/项目 1\/2：乡村道路养护（第 1–\d+ 项）尚未填写/)
    expect(compact).toMatch(/项目 2\/2：农村危房改造（第 \d+–\d+ 项）尚未填写/)
    expect(compact).not.toContain('无偏差')
  })

  it('a project partly filled says how much ("已填 3/… 项") with its rates, the other still 尚未填写', () => {
    const answers = {
      'projects.P1.funds.total.executed': 20 * W,
      'projects.P1.funds.total.expected': 35 * W,
      'projects.P1.funds.fiscal.executed': 15 * W,
    }
    const compact = formatSummary(t, ctx, answers, undefined, { compact: true })
    expect(compact).toMatch(/项目 1\/2：乡村道路养护（第 1–\d+ 项）已填 3\/\d+ 项；执行率 57\.14%/)
    expect(compact).toMatch(/项目 2\/2：农村危房改造（第 \d+–\d+ 项）尚未填写/)
    expect(compact).not.toContain('无偏差')
    expect(compact.split('\n').pop()).toMatch(/^已填 3\/\d+ 项。$/)
  })

  it('flags found so far are counted, with how much is filled', () => {
    // 5万 of 35万 is 14.29 % against 50 %: the total line lags already
    const answers = { 'projects.P1.funds.total.executed': 5 * W }
    const full = formatSummary(t, ctx, answers)
    expect(full.split('\n').pop()).toMatch(/^已填 1\/\d+ 项，目前 1 处偏差。$/)
  })
})
