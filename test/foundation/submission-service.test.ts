import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { roundModel } from '../../src/db/models/round.js'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { submissionModel } from '../../src/db/models/submission.js'
import { dueInstant } from '../../src/domain/due-instant.js'
import type { FormCode } from '../../src/domain/types.js'
import { SubmissionService } from '../../src/services/filing/submission-service.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { testContainer } from '../support/container.js'
import { verdicts } from '../support/verdicts.js'

// the store under test; what the template check would say is set per answers object
const v = verdicts({ rate: 0.5 })
const ok = v.ok
const staff = { by: '张丽', channel: 'wechat' as const }

describe('SubmissionService (real database)', () => {
  let db: Connection
  let c: ReturnType<typeof testContainer>
  let roundId: string
  // the round (due 07-10, locked 07-31) is shared; every test files as units of its own
  let units = 0
  const givenUnit = async (forms: FormCode[], extra: { extensionUntil?: Date } = {}): Promise<string> => {
    const unitCode = `U${++units}`
    await roundUnitModel(db).create({ roundId, unitCode, forms, ...extra })
    return unitCode
  }

  beforeAll(async () => {
    db = await openTestDb('submissions')
    c = testContainer(db, '2027-07-01T02:00:00Z')
    c.services.submissions = new SubmissionService(c.repos.rounds, c.repos.submissions, c.clock, v.check)
    await submissionModel(db).init()
    await roundUnitModel(db).init()
    const round = await roundModel(db).create({
      title: '2027年1-6月',
      year: 2027,
      endMonth: 6,
      status: 'open',
      dueAt: dueInstant('2027-07-10'),
      lockAt: dueInstant('2027-07-31'),
    })
    roundId = String(round._id)
  })
  afterAll(async () => closeTestDb(db))

  it('saves a draft, submits it as version 1, and a later edit becomes version 2', async () => {
    c.clock.set('2027-07-01T02:00:00Z')
    const unitCode = await givenUnit(['project', 'disclosure'])
    const t = { roundId, unitCode, form: 'project' as const }
    const draft = await c.services.submissions.saveDraft(t, { a: 1 }, staff)
    expect(draft).toMatchObject({ version: 1, status: 'draft', answers: { a: 1 } })
    const again = await c.services.submissions.saveDraft(t, { a: 2 }, staff)
    expect(again).toMatchObject({ id: draft.id, version: 1, answers: { a: 2 } })

    c.clock.set('2027-07-05T03:00:00Z')
    const sub = await c.services.submissions.submit(t, ok({ a: 3 }), staff)
    expect(sub).toMatchObject({
      id: draft.id,
      version: 1,
      status: 'submitted',
      onTime: true,
      answers: { a: 3 },
      computed: { rate: 0.5 },
    })
    expect(sub.firstSubmittedAt?.toISOString()).toBe('2027-07-05T03:00:00.000Z')

    const edit = await c.services.submissions.saveDraft(t, { a: 4 }, { by: '李强', channel: 'miniprogram' })
    expect(edit).toMatchObject({ version: 2, status: 'draft', by: '李强' })
    const v2 = await c.services.submissions.submit(t, ok({ a: 4 }), { by: '李强', channel: 'miniprogram' })
    expect(v2).toMatchObject({ version: 2, status: 'submitted', channel: 'miniprogram' })
    const history = await c.services.submissions.history(t)
    expect(history.map((h) => [h.version, h.status, h.answers.a])).toEqual([
      [1, 'submitted', 3],
      [2, 'submitted', 4],
    ])

    const ru = await c.repos.rounds.getRoundUnit(roundId, unitCode)
    expect(ru?.submitted).toEqual(['project'])
    expect(ru?.complete).toBe(false) // disclosure still missing
  })

  it('marks a submission after 23:59:59 Asia/Shanghai on the due date as late', async () => {
    const [early, late] = [await givenUnit(['project']), await givenUnit(['project'])]
    c.clock.set('2027-07-10T15:59:58Z') // 23:59:58 in Shanghai
    const onTime = await c.services.submissions.submit({ roundId, unitCode: early, form: 'project' }, ok({}), staff)
    expect(onTime.onTime).toBe(true)
    c.clock.set('2027-07-10T16:00:01Z') // 00:00:01 on July 11 in Shanghai
    const after = await c.services.submissions.submit({ roundId, unitCode: late, form: 'project' }, ok({}), staff)
    expect(after.onTime).toBe(false)
    expect((await c.repos.rounds.getRoundUnit(roundId, late))?.complete).toBe(true)
  })

  it('respects a unit extension', async () => {
    const unitCode = await givenUnit(['project'], { extensionUntil: dueInstant('2027-07-15') })
    c.clock.set('2027-07-14T08:00:00Z')
    const s = await c.services.submissions.submit({ roundId, unitCode, form: 'project' }, ok({}), staff)
    expect(s.onTime).toBe(true)
  })

  it('keeps the first final submission time through a return and resubmission', async () => {
    const t = { roundId, unitCode: await givenUnit(['project']), form: 'project' as const }
    c.clock.set('2027-07-10T15:59:58Z') // on time, just
    await c.services.submissions.submit(t, ok({}), staff)
    const first = await c.services.submissions.latest(t)
    c.clock.set('2027-07-12T02:00:00Z')
    const returned = await c.services.submissions.returnSubmission(first!.id, '执行率计算有误，请核对', '财政局王敏')
    expect(returned).toMatchObject({ status: 'returned', comment: '执行率计算有误，请核对' })
    const resubmitted = await c.services.submissions.submit(t, ok({ fixed: true }), staff)
    expect(resubmitted.version).toBe(2)
    expect(resubmitted.firstSubmittedAt?.toISOString()).toBe(first!.firstSubmittedAt?.toISOString())
    expect(resubmitted.onTime).toBe(true) // first final submission was on time
    const accepted = await c.services.submissions.accept(resubmitted.id, '财政局王敏')
    expect(accepted.status).toBe('accepted')
    await expect(c.services.submissions.accept(resubmitted.id, '财政局王敏')).rejects.toMatchObject({ status: 409 })
  })

  it('refuses invalid answers with 422 and the field errors', async () => {
    const unitCode = await givenUnit(['project', 'disclosure'])
    c.clock.set('2027-07-05T03:00:00Z') // before the lock: the answers are what is refused
    const bad = v.invalid([{ path: 'projects.0.executed', message: '请填写执行数' }])
    await expect(
      c.services.submissions.submit({ roundId, unitCode, form: 'disclosure' }, bad, staff),
    ).rejects.toMatchObject({
      status: 422,
      details: { fields: [{ path: 'projects.0.executed', message: '请填写执行数' }] },
    })
  })

  it('refuses a form the unit does not file', async () => {
    const unitCode = await givenUnit(['project'])
    c.clock.set('2027-07-05T03:00:00Z')
    await expect(
      c.services.submissions.saveDraft({ roundId, unitCode, form: 'disclosure' }, {}, staff),
    ).rejects.toMatchObject({ status: 404 })
  })

  it('refuses edits after the lock with 409, unless the bureau reopened the unit', async () => {
    const unitCode = await givenUnit(['project', 'disclosure'])
    c.clock.set('2027-07-05T03:00:00Z')
    await c.services.submissions.submit({ roundId, unitCode, form: 'project' }, ok({}), staff) // only disclosure is left
    c.clock.set('2027-08-01T02:00:00Z')
    const t = { roundId, unitCode, form: 'disclosure' as const }
    await expect(c.services.submissions.saveDraft(t, {}, staff)).rejects.toMatchObject({
      status: 409,
      code: 'round_locked',
    })
    await expect(c.services.submissions.submit(t, ok({}), staff)).rejects.toMatchObject({
      status: 409,
      code: 'round_locked',
    })
    await roundUnitModel(db).updateOne({ roundId, unitCode }, { $set: { reopened: true } })
    const s = await c.services.submissions.submit(t, ok({ url: 'https://example.org' }), staff)
    expect(s.onTime).toBe(false)
    expect((await c.repos.rounds.getRoundUnit(roundId, unitCode))?.complete).toBe(true)
  })

  it('two concurrent submits of the same form produce two versions, never a lost write', async () => {
    const unitCode = await givenUnit(['project'])
    const t = { roundId, unitCode, form: 'project' as const }
    c.clock.set('2027-07-10T16:00:01Z')
    await c.services.submissions.submit(t, ok({ who: 'first' }), staff) // a version before the race
    c.clock.set('2027-07-20T02:00:00Z')
    await roundUnitModel(db).updateOne({ roundId, unitCode }, { $set: { reopened: true } })
    const [a, b] = await Promise.all([
      c.services.submissions.submit(t, ok({ who: 'a' }), staff),
      c.services.submissions.submit(t, ok({ who: 'b' }), staff),
    ])
    expect(new Set([a.version, b.version]).size).toBe(2)
    const history = await c.services.submissions.history(t)
    expect(history).toHaveLength(3)
  })
})
