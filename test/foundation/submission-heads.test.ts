import { describe, it, expect, beforeAll, afterAll, jest } from '@jest/globals'
import type { Connection } from 'mongoose'
import { roundModel } from '../../src/db/models/round.js'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { submissionModel } from '../../src/db/models/submission.js'
import { unitModel } from '../../src/db/models/unit.js'
import { dueInstant } from '../../src/domain/due-instant.js'
import { AppError } from '../../src/errors.js'
import { RoundService } from '../../src/services/rounds/round-service.js'
import { RoundRepository } from '../../src/db/repositories/round-repository.js'
import { UnitRepository } from '../../src/db/repositories/unit-repository.js'
import { SubmissionService, headOf } from '../../src/services/filing/submission-service.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { testContainer } from '../support/container.js'
import { verdicts } from '../support/verdicts.js'

// the store under test; what the template check would say is set per answers object
const v = verdicts()
const ok = v.ok
const staff = { by: '张丽', channel: 'miniprogram' as const }

/** The latest version of each form kept on its round unit, so that writes skip the sorted read of submissions. */
describe('submission heads on the round unit (real database)', () => {
  let db: Connection
  let c: ReturnType<typeof testContainer>
  let roundId: string
  const ru = async (unitCode: string) => roundUnitModel(db).findOne({ roundId, unitCode }).lean()

  beforeAll(async () => {
    db = await openTestDb('submission_heads')
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
    })
    roundId = String(round._id)
    // `heads: {}, fullHeads: true` is what RoundService.create writes: "no version yet"; one unit per test
    await roundUnitModel(db).insertMany(
      ['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7'].map((unitCode) => ({
        roundId,
        unitCode,
        forms: ['project'],
        heads: {},
        fullHeads: true,
      })),
    )
  })
  afterAll(async () => closeTestDb(db))

  it('follows every write — draft, submit, return, resubmit, accept — without reading the submissions back', async () => {
    c.clock.set('2027-07-01T02:00:00Z') // before the due date, so the first submission is on time
    const t = { roundId, unitCode: 'H1', form: 'project' as const }
    const latest = jest.spyOn(c.repos.submissions, 'latest')
    const draft = await c.services.submissions.saveDraft(t, { a: 1 }, staff)
    expect((await ru('H1'))?.heads?.project).toMatchObject({ id: draft.id, version: 1, status: 'draft', by: '张丽' })
    const sub = await c.services.submissions.submit(t, ok({ a: 2 }), staff)
    expect(sub).toMatchObject({ id: draft.id, version: 1, status: 'submitted' })
    const returned = await c.services.submissions.returnSubmission(sub.id, '请核对', '财政局王敏')
    expect((await ru('H1'))?.heads?.project).toMatchObject({ version: 1, status: 'returned' })
    c.clock.set('2027-07-12T02:00:00Z')
    const v2 = await c.services.submissions.submit(t, ok({ a: 3 }), staff)
    expect(v2).toMatchObject({ version: 2, status: 'submitted', onTime: true })
    expect(v2.firstSubmittedAt?.toISOString()).toBe(returned.firstSubmittedAt?.toISOString())
    const accepted = await c.services.submissions.accept(v2.id, '财政局王敏')
    const after = await ru('H1')
    expect(after?.heads?.project).toEqual(headOf(accepted))
    expect(after).toMatchObject({ submitted: ['project'], complete: true })
    expect(latest).not.toHaveBeenCalled()
    latest.mockRestore()
  })

  it('a stale head costs a re-read, never a lost or overwritten version', async () => {
    const t = { roundId, unitCode: 'H2', form: 'project' as const }
    const v1 = await c.services.submissions.submit(t, ok({ n: 1 }), staff)
    // another process writes v2: this one's remembered head (version 1) is stale now
    const other = new SubmissionService(c.repos.rounds, c.repos.submissions, c.clock, v.check)
    const v2 = await other.submit(t, ok({ n: 2 }), staff)
    const v3 = await c.services.submissions.submit(t, ok({ n: 3 }), staff)
    expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3])
    expect((await c.services.submissions.history(t)).map((s) => s.answers.n)).toEqual([1, 2, 3])
    expect((await ru('H2'))?.heads?.project).toMatchObject({ id: v3.id, version: 3 })
  })

  it('an older version never moves the head back', async () => {
    const t = { roundId, unitCode: 'H5', form: 'project' as const }
    for (const n of [1, 2, 3]) await c.services.submissions.submit(t, ok({ n }), staff) // head at version 3
    const [v1] = await c.services.submissions.history(t)
    await c.repos.rounds.recordHead(roundId, 'H5', 'project', headOf(v1!))
    expect((await ru('H5'))?.heads?.project?.version).toBe(3)
  })

  it('concurrent writers each get their own version and the head ends on the highest', async () => {
    const t = { roundId, unitCode: 'H3', form: 'project' as const }
    const saved = await Promise.all(
      [1, 2, 3, 4].map((n) => c.services.submissions.submit(t, ok({ n }), { by: `员工${n}`, channel: 'miniprogram' })),
    )
    expect(saved.map((s) => s.version).sort()).toEqual([1, 2, 3, 4])
    expect((await ru('H3'))?.heads?.project?.version).toBe(4)
  })

  it('a conflict check refused by a stale head is asked again of the submissions, which decide', async () => {
    const t = { roundId, unitCode: 'H4', form: 'project' as const }
    const mine = await c.services.submissions.submit(t, ok({ n: 1 }), staff)
    await roundUnitModel(db).updateOne({ roundId, unitCode: 'H4' }, { $set: { 'heads.project.by': '别人' } })
    const check = (latest: { by: string } | null): void => {
      if (latest && latest.by !== staff.by) throw AppError.conflict('edit_conflict', '冲突')
    }
    const next = await c.services.submissions.submit(t, ok({ n: 2 }), staff, { check })
    expect(next.version).toBe(mine.version + 1)
    // a real conflict still refuses, after the re-read
    await c.services.submissions.submit(t, ok({ n: 3 }), { by: '别人', channel: 'wechat' })
    await expect(c.services.submissions.submit(t, ok({ n: 4 }), staff, { check })).rejects.toMatchObject({
      status: 409,
      code: 'edit_conflict',
    })
    expect(await c.services.submissions.history(t)).toHaveLength(3)
  })

  it("a head write finds its round unit by the document id it read, and the unit's keys must agree: another unit's id writes nothing", async () => {
    const [h6, h7] = [await c.repos.rounds.unitState(roundId, 'H6'), await c.repos.rounds.unitState(roundId, 'H7')]
    expect(h6?.docId).toMatch(/^[0-9a-f]{24}$/)
    const write = (unitCode: string, docId: string | undefined, draft: string) =>
      c.repos.rounds.writeHead({
        roundId,
        unitCode,
        form: 'project',
        docId,
        expectedSeq: null,
        extensionUntil: null,
        reopened: false,
        final: false,
        head: {
          ...headOf({
            id: 'a'.repeat(24),
            version: 1,
            status: 'draft',
            answers: { draft },
            computed: {},
            by: 'x',
            channel: 'miniprogram',
            createdAt: new Date(),
            roundId,
            unitCode,
            form: 'project',
          }),
          seq: 1,
          updatedAt: new Date(),
        },
      })
    // H6's keys with H7's document id (a stale or crossed id): refused, and neither unit is touched
    expect(await write('H6', h7?.docId, 'crossed')).toBeNull()
    expect((await ru('H6'))?.heads).toEqual({})
    expect((await ru('H7'))?.heads).toEqual({})
    expect(await roundUnitModel(db).countDocuments({ roundId, unitCode: { $in: ['H6', 'H7'] } })).toBe(2)
    // with its own id it lands
    expect(await write('H6', h6?.docId, 'own')).toEqual({ completes: false })
    expect((await ru('H6'))?.heads?.project).toMatchObject({ seq: 1, answers: { draft: 'own' } })
  })

  it('a round unit written by hand without `submitted` or `complete`: the submit lands and completes it', async () => {
    await roundUnitModel(db).collection.insertOne({
      roundId,
      unitCode: 'H8',
      forms: ['project'],
      heads: {},
      fullHeads: true,
    })
    const s = await c.services.submissions.submit({ roundId, unitCode: 'H8', form: 'project' }, ok({ a: 1 }), staff)
    expect(s.version).toBe(1)
    expect(await ru('H8')).toMatchObject({ submitted: ['project'], complete: true })
  })

  it('RoundService.create writes `heads: {}` so the first write needs no read either', async () => {
    await unitModel(db).create({ code: 'HX', name: '头部单位', kind: 'department', tags: [], contacts: [] })
    const r = await new RoundService(new RoundRepository(db), new UnitRepository(db), 'Asia/Shanghai').create({
      title: '头部轮次',
      year: 2027,
      endMonth: 9,
      dueDate: '2027-10-20',
      units: [{ unitCode: 'HX', forms: ['project'] }],
    })
    expect((await roundUnitModel(db).findOne({ roundId: r.id, unitCode: 'HX' }).lean())?.heads).toEqual({})
  })
})
