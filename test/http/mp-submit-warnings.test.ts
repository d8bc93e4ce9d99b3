import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { onTrackAnswers, openRound } from './support/rounds.js'

const WAN = 1_000_000 // 1万元 in 分

describe('mini-program submit: the department table against the submitted project table, a warning that does not block', () => {
  let f: ApiFixture
  let roundId: string
  let auth: string
  const form = (name: string): string => `/api/mp/rounds/${roundId}/forms/${name}`
  beforeAll(async () => {
    f = await apiFixture('mp_submit_warnings')
    roundId = await openRound(f)
    auth = `Bearer ${await f.unitUser('S1')}`
  })
  afterAll(async () => f.close())

  it('says nothing before the project table is in, warns after, and stores the department table either way', async () => {
    const dept = (await request(f.app.callback()).get(form('department')).set('Authorization', auth)).body
    // 项目支出 90万 executed (total 290万); the project table will say 100万
    const deptAnswers = {
      ...onTrackAnswers(dept),
      'funds.total.executed': 290 * WAN,
      'funds.project.executed': 90 * WAN,
    }
    const before = await request(f.app.callback())
      .post(`${form('department')}/submit`)
      .set('Authorization', auth)
      .send({ answers: deptAnswers })
    expect(before.status).toBe(200)
    expect(before.body.warnings).toEqual([])

    const project = (await request(f.app.callback()).get(form('project')).set('Authorization', auth)).body
    const p = await request(f.app.callback())
      .post(`${form('project')}/submit`)
      .set('Authorization', auth)
      .send({ answers: onTrackAnswers(project) })
    expect([p.status, p.body.warnings]).toEqual([200, []])

    const after = await request(f.app.callback())
      .post(`${form('department')}/submit`)
      .set('Authorization', auth)
      .send({ answers: deptAnswers })
    expect(after.status).toBe(200)
    expect(after.body.submission).toMatchObject({ status: 'submitted', version: 2 })
    expect(after.body.warnings).toEqual([
      {
        code: 'project-sum-mismatch',
        path: 'funds.project.executed',
        message: '项目支出·1-6月执行数 90万元，与已提交的项目表合计 100万元不一致（相差 10万元）。',
        valueFen: 90 * WAN,
        sumFen: 100 * WAN,
        diffFen: -10 * WAN,
        source: '项目表第 1 版',
      },
    ])
  })
})
