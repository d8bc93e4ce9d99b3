import { describe, expect, it } from '@jest/globals'
import { getTemplate, printedTables, type FormTemplate } from '../../src/forms/index.js'
import type { FundLinesGroup } from '../../src/forms/template.js'
import { demoContext } from '../../fixtures/demo-context.js'

const W = 1_000_000
const DEPT = '县农业农村局（D1）'

/** The printed tables (the XLSX export's layout) take every word that names the table from its template. */
describe('printedTables: the standard printed layout, built from the template', () => {
  it('prints one project table per project: title, fund lines, columns and goal rows from the template', () => {
    const answers = {
      'projects.P1.funds.total.executed': 14 * W,
      'projects.P1.funds.total.expected': 35 * W,
      'projects.P1.goalProgress': '已养护60公里',
      'projects.P1.indicators.I1.actual': 60,
    }
    const [roads, housing] = printedTables(getTemplate('project'), demoContext(), answers, DEPT)
    expect(roads.title).toBe('项目支出绩效目标执行监控表（1-6月）')
    expect(roads.header).toEqual(['项目名称', '乡村道路养护', '主管部门及代码', DEPT, '实施单位', '武定县农业农村局'])
    expect(roads.fundsHeader).toEqual([
      '项目资金（万元）',
      '',
      '年初预算数',
      '调整后预算数',
      '1-6月执行数',
      '1-6月执行率',
      '全年预计执行数',
      '偏差原因说明',
      '',
    ])
    expect(roads.lines.map((l) => l.label)).toEqual(['年度资金总额', '其中：财政拨款', '其他资金'])
    // 14万 of the adjusted 35万: 40 %
    expect(roads.lines[0]).toEqual({
      label: '年度资金总额',
      initial: 30 * W,
      adjusted: 35 * W,
      executed: 14 * W,
      rate: 0.4,
      expected: 35 * W,
      remark: '',
      reasons: '',
      likelihood: '',
    })
    expect(roads.goal).toEqual([
      ['年度总体目标', '养护农村公路120公里，路况良好'],
      ['目标完成情况', '已养护60公里'],
    ])
    expect(roads.indicators[0]).toEqual([
      '产出指标',
      '数量指标',
      '养护农村公路里程',
      '≥120公里',
      '60公里',
      '',
      '',
      '',
      '',
    ])
    expect(housing.code).toBe('P2')
  })

  it('prints a lagging fund line’s 偏差原因分析 and 完成目标可能性 beside its explanation, as indicator rows do', () => {
    const answers = {
      'projects.P1.funds.fiscal.executed': 5 * W,
      'projects.P1.funds.fiscal.dev.reasons': ['经费保障', '其他'],
      'projects.P1.funds.fiscal.dev.explanation': '上级资金6月底才下达',
      'projects.P1.funds.fiscal.dev.measures': '加快拨付',
      'projects.P1.funds.fiscal.dev.likelihood': '有可能',
      'projects.P1.indicators.I1.actual': 20,
      'projects.P1.indicators.I1.dev.reasons': ['人员保障'],
      'projects.P1.indicators.I1.dev.explanation': '施工队伍不足',
      'projects.P1.indicators.I1.dev.likelihood': '确定能',
    }
    const [roads] = printedTables(getTemplate('project'), demoContext(), answers, DEPT)
    expect(roads.fundsDeviationHeader).toEqual(['偏差原因分析', '完成目标可能性'])
    expect(roads.indicatorHeader.slice(6, 8)).toEqual(roads.fundsDeviationHeader)
    expect(roads.lines[1]).toMatchObject({
      label: '其中：财政拨款',
      remark: '上级资金6月底才下达；纠偏措施：加快拨付',
      reasons: '经费保障、其他',
      likelihood: '有可能',
    })
    expect(roads.lines[0]).toMatchObject({ reasons: '', likelihood: '' })
    expect(roads.indicators[0].slice(6)).toEqual(['人员保障', '确定能', '施工队伍不足'])
  })

  it('follows the template: a renamed line or title is what the export prints', () => {
    const base = getTemplate('department')
    const funds = base.groups[0] as FundLinesGroup
    const renamed: FormTemplate = {
      ...base,
      title: '部门整体支出监控表（试行）',
      groups: [
        { ...funds, lines: [{ key: 'total', label: '预算总额' }, ...funds.lines.slice(1)] },
        ...base.groups.slice(1),
      ],
    }
    const [t] = printedTables(renamed, demoContext(), { 'funds.total.executed': 260 * W }, DEPT)
    expect(t.title).toBe('部门整体支出监控表（试行）（1-6月）')
    expect(t.header).toEqual(['单位名称', '武定县农业农村局', '主管部门及代码', DEPT, '单位代码', 'U001'])
    expect(t.lines.map((l) => l.label)).toEqual(['预算总额', '基本支出', '项目支出'])
    expect(t.goal).toEqual([])
  })

  it('prints nothing for a template without a printed layout (the disclosure form)', () => {
    expect(printedTables(getTemplate('disclosure'), demoContext(), {}, DEPT)).toEqual([])
  })
})
