import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import ExcelJS from 'exceljs'
import request from 'supertest'
import { fillWorkbook, type ClerkEntry } from '../../fixtures/fill-workbook.js'
import { META_SHEET } from '../../src/workbook/template-ids.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { openRound } from './support/rounds.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const P = '项目1'
const e = (row: string, column: string, value: ExcelJS.CellValue): ClerkEntry => ({ sheet: P, row, column, value })

/** S1's project (100万 = 80万 + 20万) on 1-6月: the total and 财政拨款 lag, 其他资金 is on time progress. */
const FILLED: ClerkEntry[] = [
  e('年度资金总额', '1-6月执行数', { formula: 'E5+E6', result: 40 } as ExcelJS.CellFormulaValue),
  e('其中：财政拨款', '1-6月执行数', 30),
  e('其他资金', '1-6月执行数', '10万'),
  e('年度资金总额', '全年预计执行数', 100),
  e('其中：财政拨款', '全年预计执行数', '800000元'),
  e('其他资金', '全年预计执行数', 20),
  e('目标完成情况', '目标完成情况', '已完成两栋校舍维修'),
  e('改造农村危房户数', '1-6月实际完成值', 60),
  e('改造农村危房户数', '全年预计完成值', 100),
  e('验收合格率', '1-6月实际完成值', '96%'),
  e('验收合格率', '全年预计完成值', 96),
  e('受益群众满意度', '1-6月实际完成值', 92),
  e('受益群众满意度', '全年预计完成值', 92),
]

async function idsOf(data: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(data as unknown as ArrayBuffer)
  const ws = wb.getWorksheet(META_SHEET)
  return [1, 2, 3].map((r) => String(ws?.getCell(r, 2).value))
}

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => cb(null, Buffer.concat(chunks)))
}

describe('filling by Excel through the API', () => {
  let f: ApiFixture
  let roundId: string
  let auth: string
  const form = (code = 'project') => `/api/mp/rounds/${roundId}/forms/${code}`
  beforeEach(async () => {
    f = await apiFixture('fill_tpl')
    roundId = await openRound(f)
    auth = `Bearer ${await f.unitUser('S1')}`
  })
  afterEach(async () => f.close())

  const download = async (): Promise<Buffer> => {
    const res = await request(f.app.callback())
      .get(`${form()}/template`)
      .set('Authorization', auth)
      .buffer()
      .parse(binary)
    expect(res.status).toBe(200)
    return res.body as Buffer
  }
  const upload = (data: Buffer, query = '', code = 'project') =>
    request(f.app.callback())
      .post(`${form(code)}/file${query}`)
      .set('Authorization', auth)
      .set('Content-Type', XLSX)
      .send(data)
  const latest = () => f.c.services.submissions.latest({ roundId, unitCode: 'S1', form: 'project' })

  it('gives the signed-in unit its own template, named for the unit, table and period', async () => {
    const res = await request(f.app.callback())
      .get(`${form()}/template`)
      .set('Authorization', auth)
      .buffer()
      .parse(binary)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe(XLSX)
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('S1-项目支出表-2027年1-6月.xlsx')}`,
    )
    expect(await idsOf(res.body as Buffer)).toEqual(['S1', roundId, 'project'])
  })

  it('reads a filled template into the draft and lists what is still missing (the lagging lines’ explanations)', async () => {
    const res = await upload(await fillWorkbook(await download(), FILLED, { extraSheet: '草稿' }))
    expect(res.status).toBe(200)
    expect(res.body.reading.errors).toEqual([])
    expect(res.body.draft).toEqual({ version: 1, status: 'draft' })
    expect(res.body.reading.read[0].flags).toEqual(['年度资金总额执行进度低于序时进度', '财政拨款执行进度低于序时进度'])
    const missing = res.body.reading.missing.map((m: { path: string }) => m.path)
    expect(missing).toEqual(
      ['total', 'fiscal'].flatMap((l) =>
        ['reasons', 'explanation', 'measures', 'likelihood'].map((k) => `projects.S1-P1.funds.${l}.dev.${k}`),
      ),
    )
    const draft = await latest()
    expect(draft).toMatchObject({ status: 'draft', channel: 'miniprogram' })
    expect(draft?.answers).toMatchObject({
      'projects.S1-P1.funds.total.executed': 40_000_000,
      'projects.S1-P1.funds.fiscal.expected': 80_000_000,
      'projects.S1-P1.indicators.I2.actual': 96,
    })
    expect(draft?.answers).toEqual(res.body.reading.answers)
    // the chat shares the draft: a dialog opened now starts from it, at the first lagging line's reasons
    const place = { account: 'bot', roomId: 'room-s1', roomTopic: '第一中学' }
    const opened = await f.c.chat.dialogs.start(place, { id: 'wx-clerk', name: '李会计' }, 'S1', roundId, 'project')
    const said = 'replies' in opened ? opened.replies.join('\n') : ''
    expect(said).toContain('已载入上次保存的草稿')
    expect(said).toContain('偏差原因')
  })

  it('stores nothing from a file with errors, listing every error by cell, unless the clerk keeps the valid cells', async () => {
    const bad = await fillWorkbook(await download(), [
      ...FILLED.slice(1),
      e('年度资金总额', '1-6月执行数', '四十万左右'),
      e('验收合格率', '全年预计完成值', '很好'),
    ])
    const refused = await upload(bad)
    expect(refused.status).toBe(422)
    expect(refused.body.error.code).toBe('file_errors')
    expect(refused.body.error.details.errors.map((x: { where: string }) => x.where)).toEqual([
      '项目1 第4行 1-6月执行数',
      expect.stringMatching(/^项目1 第\d+行 全年预计完成值$/),
    ])
    expect(await latest()).toBeNull()
    const kept = await upload(bad, '?keep=valid')
    expect(kept.status).toBe(200)
    const draft = await latest()
    expect(draft?.answers['projects.S1-P1.funds.fiscal.executed']).toBe(30_000_000)
    expect(draft?.answers).not.toHaveProperty('projects.S1-P1.funds.total.executed')
  })

  it('refuses another unit’s template, the wrong table, and a file that is no template; nothing stored', async () => {
    const admin = `Bearer ${f.tokens.admin}`
    const other = await request(f.app.callback())
      .get(`/api/admin/rounds/${roundId}/units/S2/template?form=project`)
      .set('Authorization', admin)
      .buffer()
      .parse(binary)
    expect(other.status).toBe(200)
    expect(await idsOf(other.body as Buffer)).toEqual(['S2', roundId, 'project'])
    const res = await upload(other.body as Buffer)
    expect(res.status).toBe(422)
    expect(res.body.error).toMatchObject({ code: 'other_unit', message: expect.stringContaining('S2') })
    const wrongForm = await upload(await download(), '', 'disclosure')
    expect(wrongForm.body.error.code).toBe('other_form')
    const csv = await request(f.app.callback())
      .post(`${form()}/file`)
      .set('Authorization', auth)
      .set('Content-Type', 'text/csv')
      .send('a,b\n1,2\n')
    expect(csv.status).toBe(415)
    expect((await upload(Buffer.from('PK not really'))).body.error.code).toBe('not_template')
    expect(await latest()).toBeNull()
  })

  it('never gives a unit user another unit’s template, nor a department reviewer one outside the department', async () => {
    const mine = await download()
    expect(await idsOf(mine)).toEqual(['S1', roundId, 'project'])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(mine as unknown as ArrayBuffer)
    const words: string[] = []
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => void words.push(String(c.value))))
    expect(words.join('|')).toContain('校舍维修改造项目')
    expect(words.filter((w) => /S2|县人民医院|医疗设备/.test(w))).toEqual([])
    const unitOnAdmin = await request(f.app.callback())
      .get(`/api/admin/rounds/${roundId}/units/S2/template?form=project`)
      .set('Authorization', auth)
    expect(unitOnAdmin.status).toBe(403)
    const reviewer = await request(f.app.callback())
      .get(`/api/admin/rounds/${roundId}/units/S2/template?form=project`)
      .set('Authorization', `Bearer ${f.tokens.reviewer}`)
    expect(reviewer.status).toBe(404)
    const ownDept = await request(f.app.callback())
      .get(`/api/admin/rounds/${roundId}/units/S1/template?form=project`)
      .set('Authorization', `Bearer ${f.tokens.reviewer}`)
    expect(ownDept.status).toBe(200)
  })
})
