import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { SaxesParser } from 'saxes'
import request from 'supertest'
import { managerModel } from '../../src/db/models/manager.js'
import { projectModel } from '../../src/db/models/project.js'
import { submissionModel } from '../../src/db/models/submission.js'
import { unitModel } from '../../src/db/models/unit.js'
import { outboxModel } from '../../src/db/models/outbox-message.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { onTrackAnswers, openRound } from './support/rounds.js'

// U+0001, U+000B and U+001B broke the county's export (issue 21, finding 4; exceljs 4.4 drops these C0
// controls itself, but not U+FFFE/U+FFFF, which XML forbids too); the rest are invisible
const DIRTY = '\u0001资金\u000b已拨付\u001b\u200b\u202e\u0085\ufeff\uffff\ufffe'
// what no export may carry: XML-illegal controls, C1 controls, zero-width and bidi characters
const UNWANTED =
  // eslint-disable-next-line no-control-regex -- the characters under test
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\ufffe\uffff]/

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => cb(null, Buffer.concat(chunks)))
}

/** Every .xml part of the zip through a strict XML parser (saxes refuses characters XML 1.0 does not allow). */
async function strictXmlParts(file: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(file)
  const names = Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n))
  for (const name of names) {
    const xml = await zip.file(name)?.async('string')
    const parser = new SaxesParser({ xmlns: true })
    let error: string | undefined
    parser.on('error', (e) => {
      error ??= e.message
    })
    try {
      parser.write(xml ?? '').close()
    } catch (e) {
      error ??= (e as Error).message
    }
    expect({ part: name, error }).toEqual({ part: name, error: undefined })
    expect({ part: name, unwanted: UNWANTED.test(xml ?? '') }).toEqual({ part: name, unwanted: false })
  }
  return names
}

/** Every string cell of every sheet, as the Excel-compatible reader (exceljs) reads the file back. */
async function readBack(file: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(file as unknown as ArrayBuffer)
  const texts: string[] = []
  wb.eachSheet((ws) =>
    ws.eachRow((row) => row.eachCell((c) => void (typeof c.value === 'string' && texts.push(c.value)))),
  )
  return texts
}

// the fixture's clock starts here; the unit's session (JWT_TTL 2h) is issued at this instant
const START = '2027-07-01T02:00:00Z'

describe('exports stay valid whatever text is stored; answers are cleaned on the way in', () => {
  let f: ApiFixture
  let roundId: string
  let unitToken: string
  beforeAll(async () => {
    f = await apiFixture('export_control', { start: START })
    // enough overdue units for the digest to attach its list, with names and contacts as old data may hold them
    await unitModel(f.db).insertMany(
      Array.from({ length: 21 }, (_, i) => ({
        code: `X${i + 10}`,
        name: `第${i}乡\u0001镇\u000b\uffff`,
        kind: 'township',
        tags: [],
        indicators: [],
        contacts: [{ name: `财务\u001b${i}\u200b`, role: 'finance', phone: `1390000\u0007${i}` }],
      })),
    )
    await managerModel(f.db).create({ name: '王副县长\u0001', email: 'wang@county.example', scope: { kind: 'all' } })
    roundId = await openRound(f)
    unitToken = `Bearer ${await f.unitUser('S1')}`
    // the real path: S1 files both tables over HTTP, one text answer carrying control characters
    const project = {
      ...onTrackAnswers(await described('project')),
      'projects.S1-P1.goalProgress': `${DIRTY}，按计划推进`,
    }
    for (const [form, answers] of [
      ['project', project],
      ['department', onTrackAnswers(await described('department'))],
    ] as const) {
      const res = await mp(`${form}/submit`).send({ answers })
      if (res.status !== 200) throw new Error(`${form}: ${res.status} ${JSON.stringify(res.body)}`)
    }
  })
  afterAll(async () => f.close())

  const mp = (path: string) =>
    request(f.app.callback()).post(`/api/mp/rounds/${roundId}/forms/${path}`).set('Authorization', unitToken)
  const described = async (form: string) =>
    (await request(f.app.callback()).get(`/api/mp/rounds/${roundId}/forms/${form}`).set('Authorization', unitToken))
      .body

  it('cleans a text answer submitted over HTTP, and refuses "\\u200b\\u200b" for a two-character minimum', async () => {
    // the session from beforeAll is valid only within its 2 h: the digest test moves the clock days on
    f.c.clock.set(START)
    const stored = await submissionModel(f.db).findOne({ roundId, unitCode: 'S1', form: 'project', version: 1 }).lean()
    expect(stored?.answers['projects.S1-P1.goalProgress']).toBe('资金已拨付，按计划推进')

    const bad = await mp('disclosure/submit').send({
      answers: { departmentUrl: 'https://www.example.gov.cn/a.html', note: '\u200b\u200b' },
    })
    expect(bad.status).toBe(422)
    expect(bad.body.error.details.fields).toEqual([
      { path: 'note', message: '备注（如与主管部门合并公开）：至少 2 个字' },
    ])
    const draft = await request(f.app.callback())
      .put(`/api/mp/rounds/${roundId}/forms/disclosure/draft`)
      .set('Authorization', unitToken)
      .send({ answers: { note: '\u200b合并\u0001公开' } })
    expect(draft.status).toBe(200)
    const saved = await submissionModel(f.db)
      .findOne({ roundId, unitCode: 'S1', form: 'disclosure' })
      .sort({ version: -1 })
      .lean()
    expect(saved?.answers.note).toBe('合并公开')
  })

  it('writes every export valid when old data holds control characters (project, department, CSV)', async () => {
    // old data: versions stored before answers were cleaned, and names as an old import left them
    for (const form of ['project', 'department'] as const) {
      const latest = await submissionModel(f.db).findOne({ roundId, unitCode: 'S1', form }).sort({ version: -1 }).lean()
      if (!latest) throw new Error(`no ${form} submission`)
      const { _id, ...doc } = latest
      const answers = Object.fromEntries(
        Object.entries(doc.answers).map(([k, v]) => [k, typeof v === 'string' ? `${v}${DIRTY}` : v]),
      )
      await submissionModel(f.db).collection.insertOne({ ...doc, version: doc.version + 1, answers })
    }
    await unitModel(f.db).updateOne({ code: 'S1' }, { $set: { name: `县第一中学${DIRTY}` } })
    await unitModel(f.db).updateOne({ code: 'D1' }, { $set: { name: `县教育${DIRTY}体育局` } })
    await projectModel(f.db).updateOne({ code: 'S1-P1' }, { $set: { name: `校舍${DIRTY}维修`, goal: `目标${DIRTY}` } })

    for (const form of ['project', 'department']) {
      const res = await request(f.app.callback())
        .get(`/api/admin/rounds/${roundId}/export/${form}.xlsx`)
        .set('Authorization', `Bearer ${f.tokens.admin}`)
        .buffer(true)
        .parse(binary)
      expect(res.status).toBe(200)
      const file = res.body as Buffer
      expect(await strictXmlParts(file)).toContain('xl/worksheets/sheet2.xml')
      const texts = await readBack(file)
      expect(texts.some((t) => t.includes('资金已拨付'))).toBe(true)
      expect(texts.filter((t) => UNWANTED.test(t))).toEqual([])
    }
    const csv = await request(f.app.callback())
      .get(`/api/admin/rounds/${roundId}/export/answers.csv?form=project`)
      .set('Authorization', `Bearer ${f.tokens.admin}`)
      .buffer(true)
      .parse(binary)
    expect(csv.status).toBe(200)
    const text = (csv.body as Buffer).toString('utf8').replace(/^\ufeff/, '')
    expect(text).toContain('资金已拨付')
    expect(UNWANTED.test(text)).toBe(false)
  })

  it('writes the digest attachment valid when unit names and contacts hold control characters', async () => {
    // Wednesday 14 July, 10:00 in the county: the 10 July round is overdue for every unit that has not filed all
    f.c.clock.set('2027-07-14T02:00:00Z')
    await f.c.chase.digests.send()
    const mail = await outboxModel(f.db)
      .findOne({ 'target.to': 'wang@county.example', attachments: { $exists: true } })
      .lean()
    const attachment = mail?.attachments?.[0]
    expect(attachment?.filename).toMatch(/\.xlsx$/)
    const file = Buffer.from(attachment?.content ?? '', 'base64')
    await strictXmlParts(file)
    const texts = await readBack(file)
    expect(texts).toContain('第3乡镇')
    expect(texts.filter((t) => UNWANTED.test(t))).toEqual([])
  })
})
