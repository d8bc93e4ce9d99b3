import { describe, expect, it } from '@jest/globals'
import { getTemplate } from '../../src/forms/index.js'
import { answerChanges } from '../../src/forms/answer-changes.js'
import { printedWithDeviations } from '../../src/forms/printed-deviations.js'
import { demoContext } from '../../fixtures/demo-context.js'

const W = 1_000_000
const DEPT = '县农业农村局（D1）'

/** The console's unit page: printed rows beside their flags, and what changed between two versions. */
describe('printedWithDeviations: the printed table with its deviations beside the rows', () => {
  it('flags a lagging and an over-budget fund line and a deviating indicator, nothing on track', () => {
    const answers = {
      // 乡村道路养护 at 1-6月: total 14万 of 35万 (40 %, lagging), fiscal 40万 of 30万 (over budget)
      'projects.P1.funds.total.executed': 14 * W,
      'projects.P1.funds.fiscal.executed': 40 * W,
      'projects.P1.funds.other.executed': 3 * W,
      // 养护农村公路里程 30 of 120 (25 %): behind time progress; 合格率 on target
      'projects.P1.indicators.I1.actual': 30,
      'projects.P1.indicators.I1.expected': 120,
      'projects.P1.indicators.I2.actual': 96,
      'projects.P1.indicators.I2.expected': 96,
    }
    const [roads] = printedWithDeviations(getTemplate('project'), demoContext(), answers, DEPT)
    expect(roads.lines.map((l) => l.label)).toEqual(['年度资金总额', '其中：财政拨款', '其他资金'])
    expect(roads.lineFlags).toEqual([
      { lagging: true, overBudget: false, note: '1-6月执行率 40%，低于序时进度 50%' },
      { lagging: false, overBudget: true, note: '执行数超过预算' },
      { lagging: false, overBudget: false, note: '' },
    ])
    expect(roads.indicatorFlags).toHaveLength(roads.indicators.length)
    expect(roads.indicatorFlags[0]).toMatchObject({ deviating: true })
    expect(roads.indicatorFlags[0].note).toContain('低于序时进度')
    expect(roads.indicatorFlags[1]).toEqual({ deviating: false, note: '' })
  })
})

describe('answerChanges: what changed from one version to the next, by label', () => {
  it('names each changed answer with its project and formats both values; unchanged ones are left out', () => {
    const before = { 'projects.P1.funds.total.executed': 12 * W, 'projects.P1.goalProgress': '已养护60公里' }
    const after = { ...before, 'projects.P1.funds.total.executed': 15_300_000 }
    const changes = answerChanges(getTemplate('project'), demoContext(), before, after)
    expect(changes).toEqual([
      {
        path: 'projects.P1.funds.total.executed',
        label: expect.stringMatching(/^乡村道路养护 · 年度资金总额.*1-6月执行数$/),
        from: '12万元',
        to: '15.3万元',
      },
    ])
  })

  it('keeps an answer at a path the form no longer asks, raw', () => {
    const changes = answerChanges(getTemplate('project'), demoContext(), { 'projects.P9.note': 'a' }, {})
    expect(changes).toEqual([{ path: 'projects.P9.note', label: 'projects.P9.note', from: '"a"', to: '（未填）' }])
  })
})
