import { describe, expect, it } from '@jest/globals'
import ExcelJS from 'exceljs'
import { demoContext } from '../../fixtures/demo-context.js'
import { fillWorkbook, sheetOf, type ClerkEntry } from '../../fixtures/fill-workbook.js'
import { DEVIATION_REASONS, LIKELIHOOD } from '../../src/forms/templates/deviation-fields.js'
import { getTemplate } from '../../src/forms/index.js'
import type { FormContext } from '../../src/forms/context.js'
import { buildFillTemplate } from '../../src/workbook/build-fill-template.js'
import { readFilledTemplate } from '../../src/workbook/read-filled-template.js'
import { META_SHEET } from '../../src/workbook/template-ids.js'

const ROUND = '6650a0a0a0a0a0a0a0a0a0a1'
const project = getTemplate('project')
const ctx = demoContext()

const template = (c: FormContext = ctx, roundId = ROUND) =>
  buildFillTemplate({ template: project, ctx: c, roundId, department: '武定县农业农村局（U001）' })
const read = (data: Buffer, c: FormContext = ctx, expect = { unitCode: 'U001', roundId: ROUND }) =>
  readFilledTemplate(data, { ...expect, context: () => Promise.resolve(c) })

const P1 = '项目1'
const P2 = '项目2'
const ex = '1-6月执行数'
const full = '全年预计执行数'
const act = '1-6月实际完成值'
const exp = '全年预计完成值'
const e = (sheet: string, row: string, column: string, value: ExcelJS.CellValue): ClerkEntry => ({
  sheet,
  row,
  column,
  value,
})
const deviation = (row: string): ClerkEntry[] => [
  e(P1, row, '偏差原因', '经费保障、人员保障'),
  e(P1, row, '偏差原因说明', '上级资金6月底才下达'),
  e(P1, row, '纠偏措施', '加快项目验收和资金拨付'),
  e(P1, row, '完成目标可能性', '有可能'),
]

/**
 * Project 1 in 万元 as Excel users type them: numbers with six decimals (exact to the 分), a formula for
 * the total (saved by Excel, so with its result), "50000元" and "35万" as text, "96%" for a rate.
 * Project 2 under a header the clerk rewrote to 元: bare numbers are 元 there.
 */
const CLERK: ClerkEntry[] = [
  e(P1, '年度资金总额', ex, { formula: 'E5+E6', result: 17.123456 } as ExcelJS.CellFormulaValue),
  e(P1, '其中：财政拨款', ex, 15.123456),
  e(P1, '其他资金', ex, 2),
  e(P1, '年度资金总额', full, '35万'),
  e(P1, '其中：财政拨款', full, 30),
  e(P1, '其他资金', full, '50000元'),
  ...deviation('年度资金总额'),
  ...deviation('其他资金'),
  e(P1, '目标完成情况', '目标完成情况', '已养护公路60公里，按计划推进'),
  e(P1, '养护农村公路里程', act, 60),
  e(P1, '养护农村公路里程', exp, 120),
  e(P1, '道路养护合格率', act, '96%'),
  e(P1, '道路养护合格率', exp, 96),
  e(P1, '群众满意度', act, 92),
  e(P1, '群众满意度', exp, 92),
  e(P1, '养护成本', act, 20),
  e(P1, '养护成本', exp, 45),
  e(P2, '年度资金总额', ex, 1_200_000),
  e(P2, '其中：财政拨款', ex, '1,000,000.00'),
  e(P2, '其他资金', ex, '20万'),
  e(P2, '年度资金总额', full, 2_000_000),
  e(P2, '其中：财政拨款', full, 1_799_999.99),
  e(P2, '其他资金', full, 200_000.01),
  e(P2, '目标完成情况', '目标完成情况', '已改造危房700户'),
  e(P2, '改造农村危房户数', act, 700),
  e(P2, '改造农村危房户数', exp, 1200),
  e(P2, '项目完成时间', act, '未完成'),
  e(P2, '项目完成时间', exp, new Date(Date.UTC(2027, 9, 31))),
  e(P2, '群众居住条件', act, '按计划推进'),
  e(P2, '群众居住条件', exp, '是'),
  e(P2, '受益群众满意度', act, 91),
  e(P2, '受益群众满意度', exp, 91),
]

const dev = (key: string) => ({
  [`${key}.dev.reasons`]: ['经费保障', '人员保障'],
  [`${key}.dev.explanation`]: '上级资金6月底才下达',
  [`${key}.dev.measures`]: '加快项目验收和资金拨付',
  [`${key}.dev.likelihood`]: '有可能',
})
const EXPECTED: Record<string, unknown> = {
  'projects.P1.funds.total.executed': 17_123_456,
  'projects.P1.funds.fiscal.executed': 15_123_456,
  'projects.P1.funds.other.executed': 2_000_000,
  'projects.P1.funds.total.expected': 35_000_000,
  'projects.P1.funds.fiscal.expected': 30_000_000,
  'projects.P1.funds.other.expected': 5_000_000,
  ...dev('projects.P1.funds.total'),
  ...dev('projects.P1.funds.other'),
  'projects.P1.goalProgress': '已养护公路60公里，按计划推进',
  'projects.P1.indicators.I1.actual': 60,
  'projects.P1.indicators.I1.expected': 120,
  'projects.P1.indicators.I2.actual': 96,
  'projects.P1.indicators.I2.expected': 96,
  'projects.P1.indicators.I3.actual': 92,
  'projects.P1.indicators.I3.expected': 92,
  'projects.P1.indicators.I4.actual': 20,
  'projects.P1.indicators.I4.expected': 45,
  'projects.P2.funds.total.executed': 120_000_000,
  'projects.P2.funds.fiscal.executed': 100_000_000,
  'projects.P2.funds.other.executed': 20_000_000,
  'projects.P2.funds.total.expected': 200_000_000,
  'projects.P2.funds.fiscal.expected': 179_999_999,
  'projects.P2.funds.other.expected': 20_000_001,
  'projects.P2.goalProgress': '已改造危房700户',
  'projects.P2.indicators.I1.actual': 700,
  'projects.P2.indicators.I1.expected': 1200,
  'projects.P2.indicators.I2.actual': null,
  'projects.P2.indicators.I2.expected': '2027-10-31',
  'projects.P2.indicators.I3.actual': '按计划推进',
  'projects.P2.indicators.I3.expected': true,
  'projects.P2.indicators.I4.actual': 91,
  'projects.P2.indicators.I4.expected': 91,
}

describe('the fill-in template', () => {
  it('locks what tianbao knows, unlocks the answer cells with the template’s option lists, and names itself', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await template()) as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['项目1 乡村道路养护', '项目2 农村危房改造', META_SHEET])
    expect(wb.getWorksheet(META_SHEET)?.state).toBe('veryHidden')
    const ws = sheetOf(wb, P1)
    expect(ws.getCell('A1').value).toBe('项目支出绩效目标执行监控表（1-6月）')
    const total = ws.getRow(4)
    expect(total.getCell(1).value).toBe('年度资金总额')
    // budgets in 万元, exact, locked
    expect([total.getCell(3).value, total.getCell(4).value]).toEqual([30, 35])
    expect(total.getCell(3).protection?.locked).not.toBe(false)
    expect(total.getCell(5).protection?.locked).toBe(false)
    const reasons = ws.getRow(3).values as unknown[]
    const col = (h: string) => reasons.indexOf(h)
    expect(total.getCell(col('偏差原因')).dataValidation?.formulae).toEqual([`"${DEVIATION_REASONS.join(',')}"`])
    expect(total.getCell(col('完成目标可能性')).dataValidation?.formulae).toEqual([`"${LIKELIHOOD.join(',')}"`])
    expect(total.getCell(5).dataValidation).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual' })
    expect((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true)
    // the indicators with their targets
    const target = ws.getColumn(3).values.indexOf('道路养护合格率')
    expect(ws.getRow(target).getCell(4).value).toBe('≥95%')
  })

  it('shows last round’s figures beside the cells to fill', async () => {
    const withPrevious = demoContext({ previous: { 'projects.P1.funds.total.executed': 12_345_600 } })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await template(withPrevious)) as unknown as ArrayBuffer)
    const ws = sheetOf(wb, P1)
    const header = ws.getRow(3).values as unknown[]
    expect(ws.getRow(4).getCell(header.indexOf('上轮执行数')).value).toBe('12.3456万元')
  })

  it('reads back exactly what a clerk filled (万元, 元 header, formula, blank row, extra sheet), to the 分', async () => {
    const filled = await fillWorkbook(await template(), CLERK, {
      rewrite: [{ sheet: P2, row: '项目资金（万元）', text: '项目资金（元）' }],
      blankRowAbove: [
        { sheet: P1, row: '其中：财政拨款' },
        { sheet: P2, row: '改造农村危房户数' },
      ],
      extraSheet: '我的草稿',
    })
    const r = await read(filled)
    expect(r.errors).toEqual([])
    expect(r.answers).toEqual(EXPECTED)
    expect(r.missing).toEqual([])
    expect(r.read[0]).toMatchObject({
      code: 'P1',
      flags: ['年度资金总额执行进度低于序时进度', '其他资金执行进度低于序时进度'],
    })
    expect(r.read[0].lines[0]).toMatchObject({ executed: 17_123_456, executedText: '17.123456万元', rate: 48.92 })
  })

  it('lists every mistake by cell, keeps none of them, and says what is still missing', async () => {
    const filled = await fillWorkbook(
      await template(),
      [
        e(P1, '年度资金总额', ex, '很多'),
        e(P1, '其中：财政拨款', ex, -3),
        e(P1, '其他资金', ex, { formula: 'E5*2' } as ExcelJS.CellFormulaValue),
        e(P1, '年度资金总额', '完成目标可能性', '也许'),
        e(P1, '道路养护合格率', act, '优'),
        e(P2, '年度资金总额', ex, 100),
        e(P2, '其中：财政拨款', ex, 60),
        e(P2, '其他资金', ex, 30),
        e(P2, '项目完成时间', exp, '明年吧'),
      ],
      { blankRowAbove: [{ sheet: P1, row: '其他资金' }] },
    )
    const r = await read(filled)
    const byCell = r.errors.map((x) => `${x.where}：${x.message}`)
    expect(byCell).toEqual([
      expect.stringMatching(/^项目1 第4行 1-6月执行数：/),
      expect.stringMatching(/^项目1 第4行 完成目标可能性：/),
      expect.stringMatching(/^项目1 第5行 1-6月执行数：金额不能为负数/),
      expect.stringMatching(/^项目1 第7行 1-6月执行数：公式没有计算结果/),
      expect.stringMatching(/^项目1 第\d+行 1-6月实际完成值：/),
      expect.stringMatching(/^项目2 第\d+行 全年预计完成值：/),
      expect.stringMatching(/^项目2 第4行 1-6月执行数：1-6月执行数：财政拨款 \+ 其他资金 应等于 年度资金总额/),
    ])
    expect(r.errors.every((x) => x.path && !(x.path in r.answers))).toBe(true)
    expect(r.missing.map((m) => m.path)).toContain('projects.P1.goalProgress')
  })

  it('refuses another unit’s, another round’s, an older template and a file that is no template, with the reason', async () => {
    const mine = await template()
    await expect(read(mine, ctx, { unitCode: 'U002', roundId: ROUND })).rejects.toMatchObject({
      status: 422,
      code: 'other_unit',
      message: expect.stringContaining('U001'),
    })
    await expect(read(mine, ctx, { unitCode: 'U001', roundId: '6650a0a0a0a0a0a0a0a0a0a2' })).rejects.toMatchObject({
      code: 'other_round',
    })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(mine as unknown as ArrayBuffer)
    wb.getWorksheet(META_SHEET)!.getCell('B4').value = 'project@0'
    const old = Buffer.from(await wb.xlsx.writeBuffer())
    await expect(read(old)).rejects.toMatchObject({
      code: 'old_template',
      message: expect.stringContaining('重新下载'),
    })
    const plain = new ExcelJS.Workbook()
    plain.addWorksheet('Sheet1').addRow(['项目名称', '乡村道路养护'])
    await expect(read(Buffer.from(await plain.xlsx.writeBuffer()))).rejects.toMatchObject({ code: 'not_template' })
    await expect(read(Buffer.from('项目名称,执行数\n'))).rejects.toMatchObject({ code: 'not_template' })
  })

  it('lays out the tables without a standard layout one question per row', async () => {
    const data = await buildFillTemplate({ template: getTemplate('disclosure'), ctx, roundId: ROUND, department: '' })
    const filled = await fillWorkbook(data, [
      e(
        '自评公开网址',
        '部门整体支出绩效自评报告公开网址',
        '部门整体支出绩效自评报告公开网址',
        'https://www.example.gov.cn/zp',
      ),
    ])
    const r = await read(filled)
    expect(r).toMatchObject({
      form: 'disclosure',
      errors: [],
      answers: { departmentUrl: 'https://www.example.gov.cn/zp' },
    })
  })

  it('reads the department-wide table back, its three budget lines checked as the chat checks them', async () => {
    const data = await buildFillTemplate({ template: getTemplate('department'), ctx, roundId: ROUND, department: '' })
    const D = '部门整体表'
    const filled = await fillWorkbook(data, [
      e(D, '部门预算总额', ex, 250.000001),
      e(D, '基本支出', ex, 150),
      e(D, '项目支出', ex, '100.000001万元'),
      e(D, '部门预算总额', full, 500),
      e(D, '基本支出', full, 300),
      e(D, '项目支出', full, 200),
      e(D, '预算执行率', act, 0.5),
      e(D, '预算执行率', exp, '95%'),
      e(D, '完成监控项目数', act, 6),
      e(D, '完成监控项目数', exp, 12),
    ])
    const r = await read(filled)
    // 0.5 typed for 预算执行率 is read as the chat reads "0.5": 0.5 % or 50 %? never guessed silently
    expect(r.errors).toEqual([
      expect.objectContaining({ cell: 'E8', message: '无法确定是 0.5% 还是 50%：请在单元格中写明，例如“50%”' }),
    ])
    expect(r.answers).toMatchObject({
      'funds.total.executed': 250_000_001,
      'funds.project.executed': 100_000_001,
      'indicators.D1.expected': 95,
      'indicators.D2.actual': 6,
    })
    expect(r.answers).not.toHaveProperty('indicators.D1.actual')
    expect(r.missing.map((m) => m.path)).toEqual(['indicators.D1.actual'])
    expect(r.read[0].lines.map((l) => l.rate)).toEqual([50, 50, 50])
  })

  it('shows the unit’s latest answers in their cells, and reads them back unchanged', async () => {
    const data = await buildFillTemplate({ template: project, ctx, roundId: ROUND, department: '', answers: EXPECTED })
    const r = await read(data)
    expect(r.errors).toEqual([])
    expect(r.answers).toEqual(EXPECTED)
  })

  it('reads a range the clerk merged once, from its first cell', async () => {
    const filled = await fillWorkbook(
      await template(),
      [
        e(P1, '其他资金', ex, 1),
        e(P1, '其他资金', '偏差原因说明', '资金7月才到位；纠偏措施：加快拨付'),
        e(P1, '其他资金', '纠偏措施', '（合并后看不到）'),
      ],
      { merge: [{ sheet: P1, row: '其他资金', from: '偏差原因说明', to: '纠偏措施' }] },
    )
    const r = await read(filled)
    expect(r.errors).toEqual([])
    expect(r.answers['projects.P1.funds.other.dev.explanation']).toBe('资金7月才到位；纠偏措施：加快拨付')
    expect(r.answers).not.toHaveProperty('projects.P1.funds.other.dev.measures')
    expect(r.missing.map((m) => m.path)).toContain('projects.P1.funds.other.dev.measures')
  })

  it('refuses a file that unpacks into far more than a template, before building its workbook', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Sheet1')
    for (let r = 1; r <= 400; r++) ws.getCell(r, 1).value = `${r}${'a'.repeat(30_000)}`
    const data = Buffer.from(await wb.xlsx.writeBuffer())
    expect(data.length).toBeLessThan(1024 * 1024)
    await expect(read(data)).rejects.toMatchObject({
      code: 'not_template',
      message: expect.stringContaining('超过 10 MB'),
    })
  })

  it('still makes an openable workbook for a unit without projects', async () => {
    const none = demoContext({ projects: [] })
    const data = await buildFillTemplate({ template: project, ctx: none, roundId: ROUND, department: '' })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(data as unknown as ArrayBuffer)
    expect(wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual(['项目支出表'])
    expect(await read(data, none)).toMatchObject({ errors: [], answers: {}, missing: [] })
  })
})
