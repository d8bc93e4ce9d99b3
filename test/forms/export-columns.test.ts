import { describe, expect, it } from '@jest/globals'
import { exportSheets, getTemplate } from '../../src/forms/index.js'
import { demoContext } from '../../fixtures/demo-context.js'
import { onTrackDepartment } from '../support/department-answers.js'

describe('exportSheets', () => {
  it('lays the department table out in 万元 with rates and deviation columns only where flagged', () => {
    const answers = {
      ...onTrackDepartment(),
      'indicators.D1.actual': 45,
      'indicators.D1.dev.reasons': ['经费保障', '人员保障'],
      'indicators.D1.dev.explanation': '上半年支付慢',
      'indicators.D1.dev.measures': '加快支付',
      'indicators.D1.dev.likelihood': '有可能',
    }
    const [funds, indicators] = exportSheets(getTemplate('department'), demoContext(), answers)
    expect(funds.headers).toEqual([
      '项目名称',
      '资金',
      '预算数（万元）',
      '1-6月执行数（万元）',
      '1-6月执行率（%）',
      '全年预计执行数（万元）',
      '偏差原因',
      '说明及纠偏措施',
      '完成目标可能性',
    ])
    expect(funds.rows[0]).toEqual(['武定县农业农村局', '部门预算总额', 500, 260, 52, 500, null, null, null])
    expect(indicators.rows[0]).toEqual([
      '武定县农业农村局',
      '产出指标',
      '质量指标',
      '预算执行率',
      '≥90%',
      '45%',
      '92%',
      '经费保障、人员保障',
      '有可能',
      '上半年支付慢；纠偏措施：加快支付',
    ])
    expect(indicators.rows[1][7]).toBeNull()
  })
  it('puts URLs of the disclosure form on a 其他 sheet', () => {
    const [other] = exportSheets(getTemplate('disclosure'), demoContext(), {
      departmentUrl: 'https://a.gov.cn/',
      projectUrl: null,
    })
    expect(other.rows[0]).toEqual(['武定县农业农村局', '部门整体支出绩效自评报告公开网址', 'https://a.gov.cn/'])
    expect(other.rows[1][2]).toBeNull()
  })
})
