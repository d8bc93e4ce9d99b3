import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import ExcelJS from 'exceljs'
import request from 'supertest'
import { unitModel } from '../../src/db/models/unit.js'
import { projectModel } from '../../src/db/models/project.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'

const CSV = 'text/csv'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

describe('admin imports: units, projects and indicators from CSV and XLSX', () => {
  let f: ApiFixture
  let auth: string
  beforeAll(async () => {
    f = await apiFixture('admin_import')
    auth = `Bearer ${f.tokens.admin}`
  })
  afterAll(async () => f.close())

  const post = (path: string, type: string, data: string | Buffer) =>
    request(f.app.callback()).post(path).set('Authorization', auth).set('Content-Type', type).send(data)
  /** units of a test's own (codes no other test uses), imported like any file; rows as `code,name,kind,parent` */
  const givenUnits = async (...rows: string[]) => {
    const res = await post(
      '/api/admin/units/import',
      CSV,
      ['单位代码,单位名称,单位类型,主管部门代码', ...rows].join('\n'),
    )
    if (res.status !== 200) throw new Error(`given units: ${res.status} ${JSON.stringify(res.body)}`)
  }
  const givenProject = async (unitCode: string, code: string) => {
    const res = await post(
      '/api/admin/projects/import',
      CSV,
      [
        '单位代码,项目代码,项目名称,年度资金总额(万元),财政拨款(万元),其他资金(万元),年度总体目标,县级安排金额(万元)',
        `${unitCode},${code},测试项目,10,10,0,,`,
      ].join('\n'),
    )
    if (res.status !== 200) throw new Error(`given project: ${res.status} ${JSON.stringify(res.body)}`)
  }

  it('a file with a broken row changes nothing and reports every bad row', async () => {
    const before = await unitModel(f.db).countDocuments()
    const csv = [
      '单位代码,单位名称,单位类型,主管部门代码',
      'D8,县水务局,主管部门,',
      'S8,,二级单位,D8',
      'S10,县水文站,二级单位,',
      'S11,县供水站,外星单位,D8',
    ].join('\n')
    const res = await post('/api/admin/units/import', CSV, csv)
    expect(res.status).toBe(422)
    expect(res.body.error.message).toContain('未导入任何数据')
    expect(res.body.error.details.rows).toEqual([
      { row: 3, messages: ['单位名称：必填'] },
      { row: 4, messages: ['主管部门代码：二级单位必须填写'] },
      { row: 5, messages: ['单位类型：应为 主管部门 / 二级单位 / 乡镇'] },
    ])
    expect(await unitModel(f.db).countDocuments()).toBe(before)
    expect(await unitModel(f.db).exists({ code: 'D8' })).toBeNull()
  })

  it('upserts units by code from CSV (BOM, Chinese headers) and reports inserted and updated', async () => {
    const csv =
      '\ufeff单位代码,单位名称,单位类型,主管部门代码,标签,基本支出预算(万元),项目支出预算(万元)\nD9,县水务局,主管部门,,水利,120.5,30\nS9,县水文站,二级单位,D9,,10,0\nT1,城关镇人民政府,乡镇,,乡镇,50,50\n'
    const res = await post('/api/admin/units/import', CSV, csv)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ rows: 3, inserted: 2, updated: 1 })
    const d9 = await unitModel(f.db).findOne({ code: 'D9' }).lean()
    expect(d9?.budget?.basic.initial).toBe(120_500_000)
    expect(d9?.tags).toEqual(['水利'])
    expect((await unitModel(f.db).findOne({ code: 'T1' }).lean())?.name).toBe('城关镇人民政府')
  })

  it('imports projects from XLSX and refuses a project of an unknown unit', async () => {
    await givenUnits('D7,县水务局,主管部门,')
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('项目')
    ws.addRow([
      '单位代码',
      '项目代码',
      '项目名称',
      '年度资金总额(万元)',
      '财政拨款(万元)',
      '其他资金(万元)',
      '年度总体目标',
      '县级安排金额(万元)',
    ])
    ws.addRow(['D7', 'D7-P1', '河道治理项目', 200, 150, 50, '完成河道治理5公里', 200])
    ws.addRow(['NOPE', 'X-P1', '无主项目', 10, 10, 0, '', ''])
    const bad = await post('/api/admin/projects/import', XLSX, Buffer.from(await wb.xlsx.writeBuffer()))
    expect(bad.status).toBe(422)
    expect(bad.body.error.details.rows).toEqual([{ row: 3, messages: ['单位代码：NOPE 不存在'] }])
    ws.spliceRows(3, 1)
    const good = await post('/api/admin/projects/import', XLSX, Buffer.from(await wb.xlsx.writeBuffer()))
    expect(good.status).toBe(200)
    const p = await projectModel(f.db).findOne({ code: 'D7-P1' }).lean()
    expect(p?.funds.total.initial).toBe(200_000_000)
    expect(p?.countyArranged?.arranged).toBe(200_000_000)
  })

  it('imports indicators for a project and for the department table', async () => {
    await givenUnits('D6,县水利局,主管部门,')
    await givenProject('D6', 'D6-P1')
    const csv = [
      '单位代码,项目代码,指标代码,一级指标,二级指标,三级指标,比较符,目标值,计量单位,判定方式',
      'D6,D6-P1,K1,产出指标,数量,治理河道长度,≥,5,公里,累计',
      'D6,D6-P1,K2,产出指标,时效,完工时间,≤,2027-10-31,,节点',
      'D6,,K9,满意度指标,服务对象满意度,群众满意度,≥,90,%,水平',
    ].join('\n')
    const res = await post('/api/admin/indicators/import', CSV, csv)
    expect(res.status).toBe(200)
    const p = await projectModel(f.db).findOne({ code: 'D6-P1' }).lean()
    expect(p?.indicators.map((i) => [i.code, i.comparator, i.target, i.basis])).toEqual([
      ['K1', '>=', 5, 'cumulative'],
      ['K2', '<=', '2027-10-31', 'milestone'],
    ])
    expect((await unitModel(f.db).findOne({ code: 'D6' }).lean())?.indicators.map((i) => i.code)).toEqual(['K9'])
  })

  it('refuses an unreadable file with 400, a wrong content type with 415, viewers with 403', async () => {
    expect((await post('/api/admin/units/import', XLSX, Buffer.from('not a zip'))).status).toBe(400)
    expect((await post('/api/admin/units/import', 'application/json', '{"a":1}')).status).toBe(415)
    const viewer = await request(f.app.callback())
      .post('/api/admin/units/import')
      .set('Authorization', `Bearer ${f.tokens.viewer}`)
      .set('Content-Type', CSV)
      .send('a,b\n1,2')
    expect(viewer.status).toBe(403)
  })

  it('lists units and projects, confined to a department reviewer’s own secondary units', async () => {
    await givenUnits('D5,县林业局,主管部门,', 'S5,县林场,二级单位,D5') // 7 with the seeded county's five
    const all = await request(f.app.callback()).get('/api/admin/units').set('Authorization', auth)
    expect(all.body.units.length).toBeGreaterThanOrEqual(7)
    const mine = await request(f.app.callback())
      .get('/api/admin/units')
      .set('Authorization', `Bearer ${f.tokens.reviewer}`)
    expect(mine.body.units.map((u: { code: string }) => u.code)).toEqual(['S1'])
    const projects = await request(f.app.callback())
      .get('/api/admin/projects')
      .set('Authorization', `Bearer ${f.tokens.reviewer}`)
    expect(projects.body.projects.map((p: { code: string }) => p.code)).toEqual(['S1-P1'])
  })
})
