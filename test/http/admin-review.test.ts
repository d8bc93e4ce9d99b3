import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { bindingModel } from '../../src/db/models/binding.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { openRound } from './support/rounds.js'

describe('admin review: list, read, return with a comment through the outbox, accept', () => {
  let f: ApiFixture
  const ok = { answers: { departmentUrl: 'https://www.example.gov.cn/r' } }
  const submit = (roundId: string, unitCode: string) =>
    f.c.services.submissions.submit({ roundId, unitCode, form: 'disclosure' }, ok.answers, {
      by: `wx:${unitCode}`,
      channel: 'wechat',
    })
  const as = (token: string) => ({ Authorization: `Bearer ${token}` })
  /** each test reviews in a round of its own, so the lists and the outbox hold only what the test did */
  const givenRound = () => openRound(f, { departmentReview: true })
  /** S1 submitted, returned by the bureau and submitted again: version 2 awaiting review */
  const givenResubmitted = async (roundId: string) => {
    const first = await submit(roundId, 'S1')
    await f.c.services.submissions.returnSubmission(first.id, '请核实', 'admin:admin')
    return submit(roundId, 'S1')
  }

  beforeAll(async () => {
    f = await apiFixture('admin_review')
    const now = new Date('2027-07-01T00:00:00Z')
    await bindingModel(f.db).insertMany([
      {
        kind: 'unit-room',
        account: 'bot1',
        roomId: 'room-s1',
        roomTopic: '县第一中学财务群',
        unitCode: 'S1',
        active: true,
        boundAt: now,
      },
      {
        kind: 'member',
        account: 'bot1',
        roomId: 'room-county',
        roomTopic: '部门绩效工作群',
        unitCode: 'D1',
        memberId: 'wx-zhang',
        memberName: '张会计',
        active: true,
        boundAt: now,
      },
    ])
  })
  afterAll(async () => f.close())

  it('lists submissions without their answers and reads one with them', async () => {
    const roundId = await givenRound()
    const s = await submit(roundId, 'S1')
    await submit(roundId, 'D2')
    const list = await request(f.app.callback())
      .get(`/api/admin/submissions?roundId=${roundId}`)
      .set(as(f.tokens.viewer))
    expect(list.status).toBe(200)
    expect(list.body.submissions.map((x: { unitCode: string }) => x.unitCode)).toEqual(['D2', 'S1'])
    expect(list.body.submissions[0].answers).toBeUndefined()
    const one = await request(f.app.callback()).get(`/api/admin/submissions/${s.id}`).set(as(f.tokens.viewer))
    expect(one.body).toMatchObject({ id: s.id, answers: ok.answers, departmentReview: null })
    const mine = await request(f.app.callback())
      .get(`/api/admin/submissions?roundId=${roundId}`)
      .set(as(f.tokens.reviewer))
    expect(mine.body.submissions.map((x: { unitCode: string }) => x.unitCode)).toEqual(['S1'])
  })

  it('returns a submission with a comment and tells the unit in its own group through the outbox', async () => {
    const roundId = await givenRound()
    const s = await submit(roundId, 'S1')
    const res = await request(f.app.callback())
      .post(`/api/admin/submissions/${s.id}/return`)
      .set(as(f.tokens.admin))
      .send({ comment: '公开网址打不开，请核实' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      submission: { status: 'returned', comment: '公开网址打不开，请核实', reviewedBy: 'admin:admin' },
      notified: 1,
    })
    const msgs = await f.db.collection('outbox').find({ 'meta.kind': 'return', 'meta.roundId': roundId }).toArray()
    expect(msgs).toHaveLength(1)
    expect(msgs[0]).toMatchObject({ account: 'bot1', target: { channel: 'wechat', roomId: 'room-s1' } })
    expect(msgs[0].text).toContain('公开网址打不开，请核实')
    expect(msgs[0].text).toContain('县第一中学')
  })

  it('in a shared county group, @-mentions the unit’s bound members', async () => {
    const roundId = await givenRound()
    const s = await submit(roundId, 'D1')
    const res = await request(f.app.callback())
      .post(`/api/admin/submissions/${s.id}/return`)
      .set(as(f.tokens.admin))
      .send({ comment: '请补充说明' })
    expect(res.body.notified).toBe(1)
    const msg = await f.db.collection('outbox').findOne({ 'target.roomId': 'room-county', 'meta.roundId': roundId })
    expect(msg?.target.mentions).toEqual([{ id: 'wx-zhang', name: '张会计' }])
  })

  it('with department review, the 主管部门 accepts first and the bureau after', async () => {
    const s = await givenResubmitted(await givenRound())
    expect(s.version).toBe(2)
    const early = await request(f.app.callback()).post(`/api/admin/submissions/${s.id}/accept`).set(as(f.tokens.admin))
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('awaiting_department_review')
    const wrongDept = await request(f.app.callback())
      .post(`/api/admin/submissions/${s.id}/accept`)
      .set(as(f.tokens.otherReviewer))
    expect(wrongDept.status).toBe(404)
    const dept = await request(f.app.callback())
      .post(`/api/admin/submissions/${s.id}/accept`)
      .set(as(f.tokens.reviewer))
    expect(dept.body).toMatchObject({ stage: 'department', status: 'submitted' })
    const final = await request(f.app.callback()).post(`/api/admin/submissions/${s.id}/accept`).set(as(f.tokens.admin))
    expect(final.body).toMatchObject({ stage: 'final', status: 'accepted' })
    const viewer = await request(f.app.callback())
      .post(`/api/admin/submissions/${s.id}/accept`)
      .set(as(f.tokens.viewer))
    expect(viewer.status).toBe(403)
  })

  it('a department’s own submission needs no department review; a reviewer cannot accept it', async () => {
    const s = await submit(await givenRound(), 'D2')
    expect(
      (await request(f.app.callback()).post(`/api/admin/submissions/${s.id}/accept`).set(as(f.tokens.otherReviewer)))
        .status,
    ).toBe(404)
    const res = await request(f.app.callback()).post(`/api/admin/submissions/${s.id}/accept`).set(as(f.tokens.admin))
    expect(res.body).toMatchObject({ stage: 'final', status: 'accepted' })
  })
})
