import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { auditEntryModel } from '../../src/db/models/audit-entry.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { onTrackAnswers, openRound } from './support/rounds.js'

describe('mini-program: tasks → form → draft → submit → new version', () => {
  let f: ApiFixture
  let roundId: string
  let auth: string
  const base = () => `/api/mp/rounds/${roundId}/forms`
  // a county, round and S1 user per test: the task list, the form's versions, the audit log and the clock
  // are all the unit's whole state, which no other test may have moved
  beforeEach(async () => {
    f = await apiFixture('mp_submit')
    roundId = await openRound(f, { lockDate: '2027-07-31' })
    auth = `Bearer ${await f.unitUser('S1')}`
  })
  afterEach(async () => f.close())
  /** the project form submitted on track through the mini-program */
  const givenSubmitted = async () => {
    const desc = (await request(f.app.callback()).get(`${base()}/project`).set('Authorization', auth)).body
    const res = await request(f.app.callback())
      .post(`${base()}/project/submit`)
      .set('Authorization', auth)
      .send({ answers: onTrackAnswers(desc), base: desc.base })
    if (res.status !== 200) throw new Error(`given submitted: ${res.status} ${JSON.stringify(res.body)}`)
  }

  it('lists the open task with its forms, deadline and days left', async () => {
    const res = await request(f.app.callback()).get('/api/mp/tasks').set('Authorization', auth)
    expect(res.status).toBe(200)
    expect(res.body.tasks).toHaveLength(1)
    const t = res.body.tasks[0]
    expect(t).toMatchObject({
      roundId,
      status: 'open',
      deadline: '2027-07-10T15:59:59.999Z',
      daysLeft: 10,
      locked: false,
      complete: false,
    })
    expect(t.forms.map((x: { form: string }) => x.form)).toEqual(['department', 'project', 'disclosure'])
    expect(t.forms[1]).toMatchObject({ title: '项目支出绩效目标执行监控表', status: 'not_started', version: 0 })
  })

  it('shows per round whether the round requires 已录入 and whether the unit is entered (time and source)', async () => {
    const admin = `Bearer ${f.tokens.admin}`
    const entry = `/api/admin/rounds/${roundId}/units/S1/platform-entry`
    const task = async () =>
      (await request(f.app.callback()).get('/api/mp/tasks').set('Authorization', auth).expect(200)).body.tasks[0]
    await request(f.app.callback()).delete(entry).set('Authorization', admin).expect(200)
    await request(f.app.callback())
      .patch(`/api/admin/rounds/${roundId}`)
      .set('Authorization', admin)
      .send({ requirePlatformEntry: true })
      .expect(200)
    const before = await task()
    expect(before).toMatchObject({ requirePlatformEntry: true, entered: false })
    expect(before.platformEntry).toBeUndefined()
    await request(f.app.callback()).post(entry).set('Authorization', admin).expect(200)
    expect(await task()).toMatchObject({
      requirePlatformEntry: true,
      entered: true,
      platformEntry: { at: '2027-07-01T02:00:00.000Z', source: 'bureau' },
    })
    await request(f.app.callback())
      .patch(`/api/admin/rounds/${roundId}`)
      .set('Authorization', admin)
      .send({ requirePlatformEntry: false })
      .expect(200)
    await request(f.app.callback()).delete(entry).set('Authorization', admin).expect(200)
    expect(await task()).toMatchObject({ requirePlatformEntry: false, entered: false })
  })

  it('describes the project form from the template with the project and its budgets pre-filled', async () => {
    const res = await request(f.app.callback()).get(`${base()}/project`).set('Authorization', auth)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      template: 'project@1',
      form: 'project',
      unit: { code: 'S1' },
      latest: null,
      base: null,
    })
    const q = res.body.blocks.flatMap((b: { questions: { path: string }[] }) => b.questions)
    const executed = q.find((x: { path: string }) => x.path === 'projects.S1-P1.funds.total.executed')
    expect(executed).toMatchObject({
      kind: 'money',
      budgetFen: 100_000_000,
      label: expect.stringContaining('1-6月执行数'),
    })
    expect(
      q.some(
        (x: { path: string; when?: unknown }) => x.path === 'projects.S1-P1.funds.total.dev.explanation' && x.when,
      ),
    ).toBe(true)
  })

  it('saves a draft with partial validation and returns field errors in Chinese', async () => {
    const res = await request(f.app.callback())
      .put(`${base()}/project/draft`)
      .set('Authorization', auth)
      .send({
        answers: { 'projects.S1-P1.funds.total.executed': 30_000_000, 'projects.S1-P1.funds.fiscal.executed': 'abc' },
      })
    expect(res.status).toBe(200)
    expect(res.body.submission).toMatchObject({ status: 'draft', version: 1, channel: 'miniprogram' })
    expect(res.body.errors).toEqual([
      { path: 'projects.S1-P1.funds.fiscal.executed', message: expect.stringMatching(/[\u4e00-\u9fa5]/) },
    ])
  })

  it('refuses an incomplete submission with 422 naming every failing field, and a lagging line without its explanation', async () => {
    const desc = (await request(f.app.callback()).get(`${base()}/project`).set('Authorization', auth)).body
    const answers = onTrackAnswers(desc)
    delete answers['projects.S1-P1.goalProgress']
    // 30万 of 100万 at 1-6月 is 30% < 50%: lagging, so reasons, explanation, measures and likelihood are required
    Object.assign(answers, {
      'projects.S1-P1.funds.total.executed': 30_000_000,
      'projects.S1-P1.funds.fiscal.executed': 10_000_000,
      'projects.S1-P1.funds.other.executed': 20_000_000,
    })
    const res = await request(f.app.callback())
      .post(`${base()}/project/submit`)
      .set('Authorization', auth)
      .send({ answers, base: desc.base })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('validation_failed')
    // one 422 names every failing field: the plain required one and the lagging line's explanations
    const first = res.body.error.details.fields as { path: string; message: string }[]
    expect(first).toContainEqual({ path: 'projects.S1-P1.goalProgress', message: expect.stringContaining('必填') })
    expect(first.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        'projects.S1-P1.funds.total.dev.explanation',
        'projects.S1-P1.funds.total.dev.likelihood',
      ]),
    )
    // with the plain fields complete, the lagging line's explanation fields are what is missing
    answers['projects.S1-P1.goalProgress'] = '主体工程已完工，正在验收'
    const lagging = await request(f.app.callback())
      .post(`${base()}/project/submit`)
      .set('Authorization', auth)
      .send({ answers, base: desc.base })
    expect(lagging.status).toBe(422)
    const paths = lagging.body.error.details.fields.map((e: { path: string }) => e.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        'projects.S1-P1.funds.total.dev.explanation',
        'projects.S1-P1.funds.total.dev.measures',
        'projects.S1-P1.funds.total.dev.likelihood',
      ]),
    )
    for (const e of lagging.body.error.details.fields) expect(e.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('submits, computes the rates, and an edit after submitting becomes version 2', async () => {
    const desc = (await request(f.app.callback()).get(`${base()}/project`).set('Authorization', auth)).body
    const answers = onTrackAnswers(desc)
    const res = await request(f.app.callback())
      .post(`${base()}/project/submit`)
      .set('Authorization', auth)
      .send({ answers, base: desc.base })
    expect(res.status).toBe(200)
    expect(res.body.submission).toMatchObject({ status: 'submitted', version: 1, onTime: true })
    expect(res.body.submission.computed.lines['projects.S1-P1.funds.total']).toMatchObject({
      rate: 100,
      lagging: false,
    })
    const again = await request(f.app.callback())
      .post(`${base()}/project/submit`)
      .set('Authorization', auth)
      .send({ answers: { ...answers, 'projects.S1-P1.goalProgress': '已完成主体工程，进度正常' } })
    expect(again.status).toBe(200)
    expect(again.body.submission.version).toBe(2)
    const history = await request(f.app.callback()).get(`${base()}/project/history`).set('Authorization', auth)
    expect(history.body.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'submitted'],
      [2, 'submitted'],
    ])
  })

  it('keeps the submission versions as the record of successful submits; the audit log gets only the refused ones', async () => {
    const audit = auditEntryModel(f.db)
    await givenSubmitted()
    const action = 'POST /api/mp/rounds/:roundId/forms/:form/submit'
    const before = await audit.countDocuments({ action })
    const refused = await request(f.app.callback())
      .post(`${base()}/project/submit`)
      .set('Authorization', auth)
      .send({ answers: {}, overwrite: true })
    expect(refused.status).toBe(422)
    const entries = await audit.find({ action }).lean()
    expect(entries).toHaveLength(before + 1)
    expect(entries.at(-1)).toMatchObject({ status: 422, role: 'unit', target: { roundId, form: 'project' } })
    const versions = (await request(f.app.callback()).get(`${base()}/project/history`).set('Authorization', auth)).body
      .versions as { by: string; channel: string; submittedAt: string }[]
    expect(versions.length).toBeGreaterThan(0)
    for (const v of versions)
      expect(v).toMatchObject({ by: expect.any(String), channel: 'miniprogram', submittedAt: expect.any(String) })
  })

  it('does not silently overwrite a draft saved in the chat dialog: 409 until confirmed', async () => {
    await f.c.services.submissions.saveDraft(
      { roundId, unitCode: 'S1', form: 'disclosure' },
      { departmentUrl: 'https://a.example.org/x' },
      { by: 'wx:staff-1', channel: 'wechat' },
    )
    const body = { answers: { departmentUrl: 'https://www.example.gov.cn/report' } }
    const clash = await request(f.app.callback())
      .put(`${base()}/disclosure/draft`)
      .set('Authorization', auth)
      .send(body)
    expect(clash.status).toBe(409)
    expect(clash.body.error).toMatchObject({
      code: 'edit_conflict',
      message: expect.stringContaining('微信对话'),
      details: { channel: 'wechat', base: expect.any(String) },
    })
    const withBase = await request(f.app.callback())
      .put(`${base()}/disclosure/draft`)
      .set('Authorization', auth)
      .send({ ...body, base: clash.body.error.details.base })
    expect(withBase.status).toBe(200)
    expect(withBase.body.submission.answers).toEqual(body.answers)
  })

  it('refuses edits after the lock with 409 and a clear message; reading still works', async () => {
    f.c.clock.set('2027-08-01T00:00:00Z')
    auth = `Bearer ${await f.unitUser('S1')}` // the earlier session expired with the clock jump
    const res = await request(f.app.callback())
      .put(`${base()}/department/draft`)
      .set('Authorization', auth)
      .send({ answers: {} })
    expect(res.status).toBe(409)
    expect(res.body.error).toMatchObject({ code: 'round_locked', message: expect.stringContaining('已锁定') })
    expect((await request(f.app.callback()).get(`${base()}/project/history`).set('Authorization', auth)).status).toBe(
      200,
    )
    const tasks = await request(f.app.callback()).get('/api/mp/tasks').set('Authorization', auth)
    expect(tasks.body.tasks[0].locked).toBe(true)
  })

  it('answers 404 for a form the unit does not file', async () => {
    const t1 = `Bearer ${await f.unitUser('T1')}`
    const res = await request(f.app.callback()).get(`${base()}/project`).set('Authorization', t1)
    expect(res.status).toBe(404)
  })
})
