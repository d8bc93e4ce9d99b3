import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import request from 'supertest'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { onTrackAnswers, openRound } from './support/rounds.js'

const layout = JSON.parse(readFileSync(new URL('./fixtures/project-table-layout.json', import.meta.url), 'utf8')) as {
  rows: Record<string, (string | null)[]>
  fundLabels: string[]
  merges: string[]
}

/** the project's sheet: its name, then the unit's without the county (not "S1-S1-P1") */
const PROJECT_SHEET = '校舍维修改造项目·第一中学'

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => cb(null, Buffer.concat(chunks)))
}

/** A row's cells A:K (the fund lines' deviation columns J and K included). */
function rowValues(ws: ExcelJS.Worksheet, r: number): (string | number | null)[] {
  return Array.from({ length: 11 }, (_, i) => {
    const cell = ws.getCell(r, i + 1)
    // exceljs shows a merge's value in every covered cell; only the master cell holds it
    if (cell.isMerged && cell.master.address !== cell.address) return null
    const v = cell.value
    return v === null || v === undefined || v === '' ? null : (v as string | number)
  })
}

describe('exports: the project table in the standard layout (XLSX) and answers as CSV', () => {
  let f: ApiFixture
  let roundId: string
  beforeAll(async () => {
    f = await apiFixture('admin_export')
    roundId = await openRound(f)
    const auth = `Bearer ${await f.unitUser('S1')}`
    const desc = (
      await request(f.app.callback()).get(`/api/mp/rounds/${roundId}/forms/project`).set('Authorization', auth)
    ).body
    // 60.153万 of 100万 (60.15 %), 50.153万 of 80万 fiscal (62.69 %), 10万 of 20万 other (50 %): none
    // lagging at 1-6月; 60.153万 is what a two-decimal rounding would have stored as 60.15
    const answers = {
      ...onTrackAnswers(desc),
      'projects.S1-P1.funds.total.executed': 60_153_000,
      'projects.S1-P1.funds.fiscal.executed': 50_153_000,
      'projects.S1-P1.funds.other.executed': 10_000_000,
    }
    const res = await request(f.app.callback())
      .post(`/api/mp/rounds/${roundId}/forms/project/submit`)
      .set('Authorization', auth)
      .send({ answers })
    if (res.status !== 200) throw new Error(JSON.stringify(res.body))
    const dept = (
      await request(f.app.callback()).get(`/api/mp/rounds/${roundId}/forms/department`).set('Authorization', auth)
    ).body
    // 150万 of 300万 (50 %): basic 120万 of 200万 (60 %), project 30万 of 100万 (30 %, lagging: explained)
    const deptAnswers = {
      ...onTrackAnswers(dept),
      'funds.total.executed': 150_000_000,
      'funds.basic.executed': 120_000_000,
      'funds.project.executed': 30_000_000,
      'funds.project.dev.reasons': ['经费保障'],
      'funds.project.dev.explanation': '上级资金6月底才下达',
      'funds.project.dev.measures': '加快项目验收和资金拨付',
      'funds.project.dev.likelihood': '有可能',
    }
    const d = await request(f.app.callback())
      .post(`/api/mp/rounds/${roundId}/forms/department/submit`)
      .set('Authorization', auth)
      .send({ answers: deptAnswers })
    if (d.status !== 200) throw new Error(JSON.stringify(d.body))
  })
  afterAll(async () => f.close())

  async function workbook(query: string, token = f.tokens.viewer): Promise<ExcelJS.Workbook> {
    const res = await request(f.app.callback())
      .get(`/api/admin/rounds/${roundId}/export/project.xlsx${query}`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse(binary)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.body as unknown as ArrayBuffer)
    return wb
  }

  it('writes whole header rows and merged ranges exactly as the standard layout', async () => {
    const wb = await workbook('?unitCode=S1')
    const ws = wb.getWorksheet(PROJECT_SHEET)
    expect(ws).toBeDefined()
    if (!ws) return
    for (const [r, expected] of Object.entries(layout.rows)) expect(rowValues(ws, Number(r))).toEqual(expected)
    expect([4, 5, 6].map((r) => ws.getCell(r, 1).value)).toEqual(layout.fundLabels)
    const merges = (ws.model as unknown as { merges: string[] }).merges
    expect([...merges].sort()).toEqual([...layout.merges].sort())
  })

  it('puts exact amounts in 万元 shown with two decimals, and the computed execution rates in %', async () => {
    const ws = (await workbook('?unitCode=S1')).getWorksheet(PROJECT_SHEET)
    if (!ws) throw new Error('sheet missing')
    expect([4, 5, 6].map((r) => [ws.getCell(r, 3).value, ws.getCell(r, 5).value, ws.getCell(r, 6).value])).toEqual([
      [100, 60.153, 0.6015],
      [80, 50.153, 0.6269],
      [20, 10, 0.5],
    ])
    expect(ws.getCell(4, 3).numFmt).toBe('0.00')
    expect(ws.getCell(4, 5).numFmt).toBe('0.00')
    expect(ws.getCell(4, 6).numFmt).toBe('0.00%')
    expect(rowValues(ws, 10).slice(0, 6)).toEqual(['产出指标', '数量', '改造农村危房户数', '≥100户', '100户', '100户'])
  })

  it('consolidates every unit in scope, with a summary sheet; a department reviewer gets only its units', async () => {
    const all = await workbook('')
    expect(all.worksheets.map((w) => w.name)).toEqual(['汇总', PROJECT_SHEET])
    // the status as the chat says it, the time as the county's clocks showed it (submitted 02:00 UTC)
    expect(rowValues(all.getWorksheet('汇总') as ExcelJS.Worksheet, 2).slice(0, 6)).toEqual([
      'S1',
      '县第一中学',
      1,
      '已提交',
      '2027-07-01 10:00:00',
      '是',
    ])
    const other = await workbook('', f.tokens.otherReviewer)
    expect(other.worksheets.map((w) => w.name)).toEqual(['汇总'])
    const denied = await request(f.app.callback())
      .get(`/api/admin/rounds/${roundId}/export/project.xlsx?unitCode=S1`)
      .set('Authorization', `Bearer ${f.tokens.otherReviewer}`)
    expect(denied.status).toBe(404)
  })

  it('writes the department-wide table in the same layout, its lagging line explained in the row', async () => {
    const res = await request(f.app.callback())
      .get(`/api/admin/rounds/${roundId}/export/department.xlsx`)
      .set('Authorization', `Bearer ${f.tokens.admin}`)
      .buffer(true)
      .parse(binary)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.body as unknown as ArrayBuffer)
    expect(book.worksheets.map((w) => w.name)).toEqual(['汇总', '部门整体表·第一中学'])
    const ws = book.getWorksheet('部门整体表·第一中学')
    if (!ws) throw new Error('sheet missing')
    expect(rowValues(ws, 1)[0]).toBe('部门整体支出绩效目标执行监控表（1-6月）')
    expect(rowValues(ws, 2)).toEqual([
      '单位名称',
      '县第一中学',
      null,
      null,
      '主管部门及代码',
      '县教育体育局（D1）',
      null,
      '单位代码',
      'S1',
      null,
      null,
    ])
    expect([4, 5, 6].map((r) => [ws.getCell(r, 1).value, ws.getCell(r, 5).value, ws.getCell(r, 6).value])).toEqual([
      ['部门预算总额', 150, 0.5],
      ['基本支出', 120, 0.6],
      ['项目支出', 30, 0.3],
    ])
    expect(ws.getCell(6, 8).value).toBe('上级资金6月底才下达；纠偏措施：加快项目验收和资金拨付')
    // the lagging line's categories and likelihood in their own columns, as an indicator row has them
    expect(rowValues(ws, 3).slice(9)).toEqual(['偏差原因分析', '完成目标可能性'])
    expect(rowValues(ws, 6).slice(9)).toEqual(['经费保障', '有可能'])
    expect(rowValues(ws, 5).slice(9)).toEqual([null, null])
    expect(rowValues(ws, 7)).toEqual(layout.rows['9'])
  })

  it('exports a form’s answers as CSV, one row per field, money in exact 元 under a header that says so', async () => {
    const res = await request(f.app.callback())
      .get(`/api/admin/rounds/${roundId}/export/answers.csv?form=project`)
      .set('Authorization', `Bearer ${f.tokens.admin}`)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toContain('text/csv')
    const lines = res.text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe('单位代码,单位名称,表,版本,状态,提交时间,是否按时,字段,值,金额（元）,平台录入')
    const row = 'S1,县第一中学,project,1,已提交,2027-07-01T10:00:00+08:00,是'
    // the last column (平台录入) is the next test's
    const line = (start: string) => lines.find((l) => l.startsWith(start) && l.split(',').length === 11)
    // 60.153万元 = 601,530.00 元; 值 is left empty on a money row, so no figure in 分 is left unlabelled
    expect(line(`${row},projects.S1-P1.funds.total.executed,,601530.00,`)).toBeDefined()
    expect(line(`${row},projects.S1-P1.funds.other.executed,,100000.00,`)).toBeDefined()
    expect(line(`${row},projects.S1-P1.goalProgress,按计划推进，进展顺利,,`)).toBeDefined()
  })

  it('平台录入 per unit in the summary sheet and the CSV: time and source, or 未录入', async () => {
    const admin = `Bearer ${f.tokens.admin}`
    const entry = `/api/admin/rounds/${roundId}/units/S1/platform-entry`
    const csvEntry = async () => {
      const res = await request(f.app.callback())
        .get(`/api/admin/rounds/${roundId}/export/answers.csv?form=project`)
        .set('Authorization', admin)
      const rows = res.text.trim().split('\r\n').slice(1)
      expect(rows.length).toBeGreaterThan(1)
      return [...new Set(rows.map((l) => l.split(',').at(-1)))]
    }
    const summaryEntry = async () => (await workbook('')).getWorksheet('汇总')?.getCell(2, 7).value
    await request(f.app.callback()).delete(entry).set('Authorization', admin).expect(200)
    expect((await workbook('')).getWorksheet('汇总')?.getCell(1, 7).value).toBe('平台录入')
    expect(await summaryEntry()).toBe('未录入')
    expect(await csvEntry()).toEqual(['未录入'])
    await request(f.app.callback()).post(entry).set('Authorization', admin).expect(200)
    // marked at 02:00 UTC: the county's clocks showed 10:00
    expect(await summaryEntry()).toBe('2027-07-01 10:00:00 / 财政局登记')
    expect(await csvEntry()).toEqual(['2027-07-01T10:00:00+08:00 / 财政局登记'])
  })
})
