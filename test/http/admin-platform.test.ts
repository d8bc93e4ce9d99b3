import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import ExcelJS from 'exceljs'
import request from 'supertest'
import { projectModel } from '../../src/db/models/project.js'
import { unitModel } from '../../src/db/models/unit.js'
import type { Project } from '../../src/domain/types.js'
import { loadPlatformMapping } from '../../src/services/platform/load-platform-mapping.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { onTrackAnswers, openRound } from './support/rounds.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
type Cell = string | number | { formula: string; result: number } | null

/**
 * A platform export as the platform writes it: a two-row header whose group cells are merged across
 * their sub-headers and whose single headers are merged down both rows, then the data rows.
 */
async function platformFile(
  top: (string | null)[],
  sub: (string | null)[],
  rows: Cell[][],
  merges: string[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('导出数据')
  ws.addRow(top)
  ws.addRow(sub)
  for (const m of merges) ws.mergeCells(m)
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** budgets: A 单位代码 · B 项目代码 · C 项目名称 · D 资金来源 · E-H 预算执行情况（万元）: 年初 · 调整 · 调整后 · 执行数（元） */
const BUDGET_TOP = ['单位代码', '项目代码', '项目名称', '资金来源', '预算执行情况（万元）', null, null, null]
const BUDGET_SUB = [null, null, null, null, '年初预算数', '调整预算数', '调整后预算数', '预算执行数（元）']
const BUDGET_MERGES = ['A1:A2', 'B1:B2', 'C1:C2', 'D1:D2', 'E1:H1']
const budgets = (rows: Cell[][]) => platformFile(BUDGET_TOP, BUDGET_SUB, rows, BUDGET_MERGES)

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => cb(null, Buffer.concat(chunks)))
}

describe('the provincial platform, both ways, through the mapping file', () => {
  let f: ApiFixture
  const as = (token: string) => ({ Authorization: `Bearer ${token}` })
  const upload = (query: string, data: Buffer, token = f.tokens.admin) =>
    request(f.app.callback())
      .post(`/api/admin/import/platform?${query}`)
      .set(as(token))
      .set('Content-Type', XLSX)
      .send(data)
  const project = async (unitCode: string, code: string) =>
    (await projectModel(f.db).findOne({ unitCode, code }).lean<Project>())!

  beforeAll(async () => {
    f = await apiFixture('admin_platform')
  })
  afterAll(async () => f.close())

  it('budgets: a merged two-row header, 万元 and 元 columns and a formula pre-fill the project exactly; dryRun changes nothing', async () => {
    const file = await budgets([
      ['S1', 'S1-P1', '校舍维修改造项目', '一般公共预算', 142.153, 10, { formula: 'E3+F3', result: 152.153 }, 615000.5],
      ['S1', 'S1-P1', '校舍维修改造项目', '其他资金', 20.000001, null, null, 50000],
      [null, null, '合计', null, 162.153001, 10, 172.153001, 665000.5],
    ])
    const before = await project('S1', 'S1-P1')
    const preview = await upload('kind=budgets&dryRun=1', file)
    expect(preview.status).toBe(200)
    expect(preview.body).toMatchObject({ kind: 'budgets', dryRun: true, rows: 2 })
    expect((await project('S1', 'S1-P1')).funds).toEqual(before.funds)

    const res = await upload('kind=budgets', file)
    expect(res.status).toBe(200)
    const after = await project('S1', 'S1-P1')
    // 142.153万 + 调整 10万 (formula's cached value) = 152.153万; 20.000001万 is 20万 and 1分
    expect(after.funds).toEqual({
      fiscal: { initial: 142_153_000, adjusted: 152_153_000 },
      other: { initial: 20_000_001 },
      total: { initial: 162_153_001, adjusted: 172_153_001 },
    })
    // the header says 元: 615000.50 元 is 61,500,050 分 whatever the mapping's default unit
    expect(after.platformExecuted).toEqual({ fiscal: 61_500_050, other: 5_000_000, total: 66_500_050 })
    expect(res.body.changes).toEqual([
      expect.objectContaining({ unitCode: 'S1', projectCode: 'S1-P1', funds: after.funds }),
    ])
    const audit = await request(f.app.callback()).get('/api/admin/audit').set(as(f.tokens.admin))
    expect(audit.body.entries).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'POST /api/admin/import/platform', status: 200 })]),
    )
  })

  it('budgets: unknown codes and bad numbers are a 422 (as the directory import) listing row and column, and nothing is applied', async () => {
    const file = await budgets([
      ['S1', 'S1-P1', '校舍维修改造项目', '一般公共预算', 99, null, null, null],
      ['S1', 'S9-P9', '不存在的项目', '一般公共预算', 1, null, null, null],
      ['S1', 'S1-P1', '校舍维修改造项目', '其他资金', '十二万', null, null, null],
      ['X9', 'S1-P1', '校舍维修改造项目', '其他资金', 1, null, null, '1.234'],
      ['S1', 'S1-P1', '校舍维修改造项目', '专项债', 1, null, null, null],
    ])
    const before = await project('S1', 'S1-P1')
    const res = await upload('kind=budgets', file)
    expect(res.status).toBe(422)
    expect(res.body.error.message).toMatch(/未导入任何数据/)
    expect(res.body.error.details.errors).toEqual([
      { row: 4, column: 'B', header: '项目代码', message: '项目代码 S9-P9 不存在（单位 S1）' },
      { row: 5, column: 'E', header: '年初预算数', message: expect.stringContaining('“十二万”不是金额') },
      { row: 6, column: 'A', header: '单位代码', message: '单位代码 X9 不存在' },
      { row: 6, column: 'H', header: '预算执行数（元）', message: expect.stringContaining('“1.234”不是金额（元') },
      { row: 7, column: 'D', header: '资金来源', message: expect.stringContaining('“专项债”不是映射文件中的资金来源') },
    ])
    expect(await project('S1', 'S1-P1')).toEqual(before)
  })

  it('indicators: codes of three levels under merged headers, value, 计算符号 and 计量单位; department rows by unit', async () => {
    const top = [
      '单位代码',
      '项目代码',
      '一级指标',
      null,
      '二级指标',
      null,
      '三级指标',
      null,
      '计算符号',
      '指标值',
      '计量单位',
    ]
    const sub = [null, null, '指标代码', '指标名称', '指标代码', '指标名称', '指标代码', '指标名称', null, null, null]
    const merges = ['A1:A2', 'B1:B2', 'C1:D1', 'E1:F1', 'G1:H1', 'I1:I2', 'J1:J2', 'K1:K2']
    const file = await platformFile(
      top,
      sub,
      [
        ['S1', 'S1-P1', '01', '产出指标', '0101', '数量指标', 'I1', '改造农村危房户数', '≥', 120, '户'],
        ['S1', 'S1-P1', '01', '产出指标', '0102', '质量指标', 'K9', '验收合格率', '大于等于', 98, '%'],
        ['S1', 'S1-P1', '02', '效益指标', '0202', '社会效益指标', 'K10', '群众居住条件', '定性', '有效改善', null],
        ['D1', null, '03', '满意度指标', '0301', '服务对象满意度指标', 'K11', '师生满意度', '≥', 90, '%'],
      ],
      merges,
    )
    const res = await upload('kind=indicators', file)
    expect(res.status).toBe(200)
    const p = await project('S1', 'S1-P1')
    expect(p.indicators).toEqual([
      // I1 was known: its basis (how tianbao judges it) is kept, the platform's figures replace the rest
      {
        code: 'I1',
        level1: '产出指标',
        level1Code: '01',
        level2: '数量指标',
        level2Code: '0101',
        name: '改造农村危房户数',
        comparator: '>=',
        target: 120,
        measure: '户',
        basis: 'cumulative',
      },
      {
        code: 'K9',
        level1: '产出指标',
        level1Code: '01',
        level2: '质量指标',
        level2Code: '0102',
        name: '验收合格率',
        comparator: '>=',
        target: 98,
        measure: '%',
        basis: 'level',
      },
      {
        code: 'K10',
        level1: '效益指标',
        level1Code: '02',
        level2: '社会效益指标',
        level2Code: '0202',
        name: '群众居住条件',
        comparator: '=',
        target: '有效改善',
        measure: '',
        basis: 'qualitative',
      },
    ])
    const d1 = await unitModel(f.db).findOne({ code: 'D1' }).lean()
    expect(d1?.indicators).toEqual([
      {
        code: 'K11',
        level1: '满意度指标',
        level1Code: '03',
        level2: '服务对象满意度指标',
        level2Code: '0301',
        name: '师生满意度',
        comparator: '>=',
        target: 90,
        measure: '%',
        basis: 'level',
      },
    ])
  })

  it('only the bureau admin may import', async () => {
    const file = await budgets([['S1', 'S1-P1', '校舍维修改造项目', '一般公共预算', 1, null, null, null]])
    expect((await upload('kind=budgets&dryRun=1', file, f.tokens.viewer)).status).toBe(403)
    expect((await upload('kind=budgets&dryRun=1', file, f.tokens.reviewer)).status).toBe(403)
  })

  describe('export in the import templates', () => {
    let roundId: string
    async function submit(
      unitCode: string,
      form: 'project' | 'department',
      extra: Record<string, unknown>,
    ): Promise<string> {
      const auth = `Bearer ${await f.unitUser(unitCode)}`
      const desc = (
        await request(f.app.callback()).get(`/api/mp/rounds/${roundId}/forms/${form}`).set('Authorization', auth)
      ).body
      const res = await request(f.app.callback())
        .post(`/api/mp/rounds/${roundId}/forms/${form}/submit`)
        .set('Authorization', auth)
        .send({ answers: { ...onTrackAnswers(desc), ...extra } })
      if (res.status !== 200) throw new Error(JSON.stringify(res.body))
      return (res.body.id ?? res.body.submission?.id) as string
    }
    const accept = async (id: string) => {
      const r = await request(f.app.callback()).post(`/api/admin/submissions/${id}/accept`).set(as(f.tokens.admin))
      if (r.status !== 200) throw new Error(JSON.stringify(r.body))
    }
    async function sheet(query: string): Promise<ExcelJS.Worksheet> {
      const res = await request(f.app.callback())
        .get(`/api/admin/rounds/${roundId}/export/platform?${query}`)
        .set(as(f.tokens.viewer))
        .buffer(true)
        .parse(binary)
      expect(res.status).toBe(200)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(res.body as unknown as ArrayBuffer)
      return wb.worksheets[0]
    }
    /** the data rows as header → cell, for the rows of one code */
    function rowsOf(ws: ExcelJS.Worksheet, keyHeader: string, key: string): Record<string, ExcelJS.Cell>[] {
      const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String)
      const out: Record<string, ExcelJS.Cell>[] = []
      ws.eachRow((row, n) => {
        if (n === 1) return
        const cells = Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1)]))
        if (cells[keyHeader].value === key) out.push(cells)
      })
      return out
    }

    beforeAll(async () => {
      // 142.153万 = 122.153万 fiscal + 20万 other: shown 142.15, stored and exported exactly
      await projectModel(f.db).updateOne(
        { unitCode: 'S2', code: 'S2-P1' },
        {
          $set: {
            funds: {
              total: { initial: 142_153_000 },
              fiscal: { initial: 122_153_000 },
              other: { initial: 20_000_000 },
            },
          },
        },
      )
      roundId = await openRound(f)
      // half the budget at 1-6月 (on time progress); I1 lags (30 of 100 户) and is explained
      const s2 = await submit('S2', 'project', {
        'projects.S2-P1.funds.total.executed': 71_076_500,
        'projects.S2-P1.funds.fiscal.executed': 61_076_500,
        'projects.S2-P1.funds.other.executed': 10_000_000,
        'projects.S2-P1.funds.total.expected': 142_153_000,
        'projects.S2-P1.funds.fiscal.expected': 122_153_000,
        'projects.S2-P1.funds.other.expected': 20_000_000,
        'projects.S2-P1.indicators.I1.actual': 30,
        'projects.S2-P1.indicators.I1.dev.reasons': ['经费保障', '人员保障'],
        'projects.S2-P1.indicators.I1.dev.explanation': '上级资金6月底才下达',
        'projects.S2-P1.indicators.I1.dev.measures': '加快项目验收和资金拨付',
        'projects.S2-P1.indicators.I1.dev.likelihood': '有可能',
      })
      await accept(s2)
      await accept(await submit('D2', 'department', {}))
      // S1 submits but is not reviewed yet
      await submit('S1', 'project', {})
    })

    it('projectImport: the accepted project, keyed by its codes, money exact in 万元 with a 0.00 format', async () => {
      const ws = await sheet('layout=projectImport')
      const mapping = loadPlatformMapping()
      expect(ws.name).toBe('项目支出绩效监控')
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(
        mapping.layouts.projectImport?.columns.map((c) => c.header),
      )
      // S1's version awaits review: not in the platform file
      expect(rowsOf(ws, '项目代码', 'S1-P1')).toEqual([])
      const rows = rowsOf(ws, '项目代码', 'S2-P1')
      expect(rows.map((r) => r['三级指标代码'].value)).toEqual(['I1', 'I2', 'I3'])
      const i1 = rows[0]
      expect(i1['单位代码'].value).toBe('S2')
      expect(i1['调整后预算数（万元）'].value).toBe(142.153)
      expect(i1['调整后预算数（万元）'].numFmt).toBe('0.00')
      expect(i1['项目预算执行情况（万元）'].value).toBe(71.0765)
      expect(i1['全年预计执行情况（万元）'].value).toBe(142.153)
      expect(i1['预算执行率'].value).toBe(0.5)
      expect(i1['预算执行率'].numFmt).toBe('0.00%')
      expect(i1['一级指标名称'].value).toBe('产出指标')
      expect(i1['计算符号'].value).toBe('≥')
      expect(i1['指标值'].value).toBe(100)
      expect(i1['计量单位'].value).toBe('户')
      expect(i1['绩效指标完成情况'].value).toBe(30)
      expect(i1['偏差原因分析'].value).toBe('经费保障、人员保障：上级资金6月底才下达')
      expect(i1['完成目标可能性'].value).toBe('有可能')
      expect(i1['备注'].value).toBe('纠偏措施：加快项目验收和资金拨付')
      expect(i1['报送日期'].value).toBe('2027-07-01')
    })

    it('includeSubmitted=1 adds versions awaiting review', async () => {
      const ws = await sheet('layout=projectImport&includeSubmitted=1')
      expect(rowsOf(ws, '项目代码', 'S1-P1').length).toBeGreaterThan(0)
    })

    it('departmentImport: the accepted department-wide table by 部门代码', async () => {
      const ws = await sheet('layout=departmentImport')
      const rows = rowsOf(ws, '部门代码', 'D2')
      expect(rows.map((r) => r['三级指标代码'].value)).toEqual(['I1', 'I2', 'I3'])
      expect(rows[0]['调整后预算数（万元）'].value).toBe(300)
      expect(rowsOf(ws, '部门代码', 'S1')).toEqual([])
    })
  })
})
