import { describe, expect, it } from '@jest/globals'
import { AppError } from '../../src/errors.js'
import { loadPlatformMapping } from '../../src/services/platform/load-platform-mapping.js'
import { locateColumns } from '../../src/services/platform/platform-header.js'

const mapping = loadPlatformMapping()
const indicators = mapping.layouts.indicatorExport!
const budgets = mapping.layouts.budgetExport!

function refusal(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('accepted')
}

describe('finding the mapped columns in a platform file header', () => {
  it('a merged two-row header: group text carries right over its sub-headers, a merged-down header stands alone', () => {
    const { columns, rows } = locateColumns(
      [
        { row: 1, cells: ['项目代码', '一级指标', '', '三级指标', '', '二级指标', '', '指标值'] },
        { row: 2, cells: ['', '指标代码', '指标名称', '指标代码', '指标名称', '指标代码', '指标名称'] },
        { row: 3, cells: ['P1', '01', '产出指标', 'K1', '户数', '0101', '数量指标', '5'] },
      ],
      indicators,
    )
    expect(Object.fromEntries([...columns].map(([f, c]) => [f, c.column]))).toEqual({
      projectCode: 1,
      indicatorL1Code: 2,
      indicatorL1Name: 3,
      indicatorL3Code: 4,
      indicatorL3Name: 5,
      indicatorL2Code: 6,
      indicatorL2Name: 7,
      indicatorValue: 8,
    })
    expect(rows.map((r) => r.row)).toEqual([3])
  })

  it('a header that fits several columns, and a missing required column, are 400s naming them', () => {
    const single = { ...indicators, headerRows: 1 as const }
    const twice = refusal(() =>
      locateColumns([{ row: 1, cells: ['项目代码', '指标代码', '指标代码', '一级指标名称'] }], single),
    )
    expect(twice.status).toBe(400)
    expect(twice.message).toMatch(/B、C 列/)
    const missing = refusal(() =>
      locateColumns(
        [
          { row: 1, cells: ['项目代码', '资金来源'] },
          { row: 2, cells: ['', ''] },
        ],
        budgets,
      ),
    )
    expect(missing.message).toMatch(/文件缺少列：预算执行情况\/年初预算数/)
  })
})
