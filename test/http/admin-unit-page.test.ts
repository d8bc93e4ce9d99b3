import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { bindingModel } from '../../src/db/models/binding.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { onTrackAnswers, openRound } from './support/rounds.js'

/**
 * The console's unit page reads: S1 (县第一中学, under D1) files its 部门整体支出 table with a lagging
 * 项目支出 line, is returned, and files again with a new figure. The page shows the table as printed with
 * the lagging line flagged, both versions with what changed, the return message in its group, its group.
 */
describe('admin unit page: profile, tables as printed, versions with changes, messages', () => {
  let f: ApiFixture
  let roundId: string
  let base: string
  const as = (token: string) => ({ Authorization: `Bearer ${token}` })
  const get = (path: string, token = f.tokens.viewer) => request(f.app.callback()).get(path).set(as(token))

  beforeAll(async () => {
    f = await apiFixture('admin_unit_page')
    roundId = await openRound(f, { departmentReview: true })
    base = `/api/admin/rounds/${roundId}/units/S1`
    await bindingModel(f.db).create({
      kind: 'unit-room',
      account: 'bot1',
      roomId: 'room-s1',
      roomTopic: '县第一中学财务群',
      unitCode: 'S1',
      active: true,
      boundAt: new Date('2027-07-01T00:00:00Z'),
    })
    const auth = `Bearer ${await f.unitUser('S1')}`
    const form = `/api/mp/rounds/${roundId}/forms/department`
    const desc = (await request(f.app.callback()).get(form).set('Authorization', auth)).body
    // 项目支出 30万 of 100万 at 1-6月 (30 %): lagging, explained; the others on track
    const answers = {
      ...onTrackAnswers(desc),
      'funds.total.executed': 150_000_000,
      'funds.basic.executed': 120_000_000,
      'funds.project.executed': 30_000_000,
      'funds.project.dev.reasons': ['经费保障'],
      'funds.project.dev.explanation': '上级资金6月底才下达',
      'funds.project.dev.measures': '加快项目验收和资金拨付',
      'funds.project.dev.likelihood': '有可能',
    }
    const submit = (a: Record<string, unknown>) =>
      request(f.app.callback()).post(`${form}/submit`).set('Authorization', auth).send({ answers: a, overwrite: true })
    const v1 = await submit(answers)
    if (v1.status !== 200) throw new Error(JSON.stringify(v1.body))
    const list = await get(`/api/admin/submissions?roundId=${roundId}&unitCode=S1`)
    const back = await request(f.app.callback())
      .post(`/api/admin/submissions/${list.body.submissions[0].id}/return`)
      .set(as(f.tokens.admin))
      .send({ comment: '项目支出执行数请核实' })
    if (back.status !== 200) throw new Error(JSON.stringify(back.body))
    // the total stays: 5万 moved from 基本支出 to 项目支出
    const v2 = await submit({ ...answers, 'funds.basic.executed': 115_000_000, 'funds.project.executed': 35_000_000 })
    if (v2.status !== 200) throw new Error(JSON.stringify(v2.body))
  })
  afterAll(async () => f.close())

  it('prints the latest version’s table with the lagging line flagged and explained', async () => {
    const res = await get(`${base}/tables`)
    expect(res.status).toBe(200)
    const [dept] = res.body.forms
    expect(dept).toMatchObject({ form: 'department', submission: { version: 2, status: 'submitted' } })
    const [table] = dept.tables
    expect(table.header).toEqual(['单位名称', '县第一中学', '主管部门及代码', '县教育体育局（D1）', '单位代码', 'S1'])
    const labels: string[] = table.lines.map((l: { label: string }) => l.label)
    const project = labels.findIndex((l) => l.includes('项目支出'))
    expect(project).toBeGreaterThanOrEqual(0)
    expect(table.lines[project].executed).toBe(35_000_000)
    expect(table.lineFlags[project]).toMatchObject({ lagging: true })
    expect(table.lineFlags[project].note).toContain('低于序时进度 50%')
    expect(table.lineFlags[0]).toMatchObject({ lagging: false, note: '' })
    expect(table.indicatorFlags).toHaveLength(table.indicators.length)
  })

  it('lists both versions, latest first, with what changed by label', async () => {
    const res = await get(`${base}/versions`)
    expect(res.status).toBe(200)
    const [v2, v1] = res.body.versions
    expect(v2).toMatchObject({ version: 2, status: 'submitted', channel: 'miniprogram', form: 'department' })
    expect(v1).toMatchObject({ version: 1, status: 'returned', comment: '项目支出执行数请核实', changes: [] })
    expect(v2.changes).toEqual([
      expect.objectContaining({ path: 'funds.basic.executed', from: '120万元', to: '115万元' }),
      expect.objectContaining({ path: 'funds.project.executed', from: '30万元', to: '35万元' }),
    ])
    expect(v2.changes[1].label).toMatch(/项目支出.*执行数/)
    expect(v2.answers).toBeUndefined()
  })

  it('lists the return message sent to the unit’s group, and the group and contacts', async () => {
    const msgs = await get(`${base}/messages`)
    expect(msgs.status).toBe(200)
    expect(msgs.body.messages).toEqual([
      expect.objectContaining({ kind: 'return', place: '县第一中学财务群', state: 'pending' }),
    ])
    expect(msgs.body.messages[0].text).toContain('项目支出执行数请核实')
    const profile = await get(base)
    expect(profile.body).toMatchObject({
      unit: { code: 'S1', name: '县第一中学', parentCode: 'D1', parentName: '县教育体育局' },
      contacts: [],
      groups: [{ kind: 'unit-room', roomTopic: '县第一中学财务群' }],
      departmentReview: true,
    })
  })

  it('lets a department reviewer read its own units only; a missing unit or round is 404', async () => {
    expect((await get(`${base}/tables`, f.tokens.reviewer)).status).toBe(200)
    for (const path of ['', '/tables', '/versions', '/messages']) {
      const other = await get(`${base}${path}`, f.tokens.otherReviewer)
      expect([path, other.status, other.body.error?.message]).toEqual([path, 404, '单位不存在'])
    }
    const missing = await get(`/api/admin/rounds/${roundId}/units/NOPE/tables`)
    expect(missing.status).toBe(404)
    const noRound = await get(`/api/admin/rounds/${'0'.repeat(24)}/units/S1/versions`)
    expect([noRound.status, noRound.body.error.message]).toEqual([404, '轮次不存在'])
  })
})
