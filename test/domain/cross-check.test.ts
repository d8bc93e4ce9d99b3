import { describe, expect, it } from '@jest/globals'
import { crossDifferences, projectTableSums } from '../../src/domain/cross-check.js'

const projectTable = {
  'projects.P1.funds.total.executed': 20_000_000, // 20万
  'projects.P1.funds.total.expected': 35_000_000,
  'projects.P1.funds.fiscal.executed': 15_000_000, // not a total line: not summed
  'projects.P2.funds.total.executed': 80_000_001, // 80万 and 1 分
  'projects.P2.funds.total.expected': 165_000_000,
  'projects.A.B.funds.total.executed': 0, // a code with a dot
  note: '无',
}

describe('cross-table rule: department 项目支出 against the sum of the project tables', () => {
  const sums = projectTableSums(projectTable, '项目表第 1 版')

  it('sums every project 年度资金总额 executed and expected, exactly in 分', () => {
    expect(sums).toEqual({ projectExecutedFen: 100_000_001, projectExpectedFen: 200_000_000, source: '项目表第 1 版' })
    expect(projectTableSums({ note: 'x' }, 'v')).toBeNull()
    expect(projectTableSums({ 'projects.P1.funds.total.executed': 1.5 }, 'v')).toBeNull() // not whole 分: not a figure
  })

  it('equal figures: nothing', () => {
    if (!sums) throw new Error('no sums')
    expect(
      crossDifferences({ 'funds.project.executed': 100_000_001, 'funds.project.expected': 200_000_000 }, sums),
    ).toEqual([])
  })

  it('a difference of 1 分 is a difference, either way', () => {
    if (!sums) throw new Error('no sums')
    expect(
      crossDifferences({ 'funds.project.executed': 100_000_000, 'funds.project.expected': 200_000_001 }, sums),
    ).toEqual([
      { column: 'executed', path: 'funds.project.executed', valueFen: 100_000_000, sumFen: 100_000_001, diffFen: -1 },
      { column: 'expected', path: 'funds.project.expected', valueFen: 200_000_001, sumFen: 200_000_000, diffFen: 1 },
    ])
  })

  it('a figure not answered yet is not compared', () => {
    if (!sums) throw new Error('no sums')
    expect(crossDifferences({ 'funds.project.executed': 100_000_001 }, sums)).toEqual([])
    expect(crossDifferences({}, sums)).toEqual([])
  })
})
