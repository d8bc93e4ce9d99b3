import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { roundModel } from '../../src/db/models/round.js'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { submissionModel } from '../../src/db/models/submission.js'
import { unitModel } from '../../src/db/models/unit.js'
import { dueInstant } from '../../src/domain/due-instant.js'
import type { FormCode, FullHead, RoundUnit, Submission } from '../../src/domain/types.js'
import { RoundRepository } from '../../src/db/repositories/round-repository.js'
import { SubmissionRepository } from '../../src/db/repositories/submission-repository.js'
import { UnitRepository } from '../../src/db/repositories/unit-repository.js'
import { RoundService } from '../../src/services/rounds/round-service.js'
import { HistoryRepair } from '../../src/services/filing/history-repair.js'
import { SubmissionService, headOf } from '../../src/services/filing/submission-service.js'
import { AppError } from '../../src/errors.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { testContainer } from '../support/container.js'
import { verdicts } from '../support/verdicts.js'

const v = verdicts()
const ok = v.ok
const staff = { by: '张丽', channel: 'miniprogram' as const }

/**
 * The invariants of the one-write path (top of src/services/filing/submission-service.ts): progress
 * never wrong, no version lost (a crash between the head write and the history append is repaired),
 * concurrent submits each land as their own version, a lock racing submits.
 */
describe('submit in one write: the invariants (real database)', () => {
  let db: Connection
  let c: ReturnType<typeof testContainer>
  let units = 0
  /** the commands sent to the round units, by name */
  const headCommands: string[] = []
  const rounds = () => c.repos.rounds
  const ru = async (roundId: string, unitCode: string) =>
    roundUnitModel(db).findOne({ roundId, unitCode }).lean<RoundUnit & { heads: Partial<Record<string, FullHead>> }>()
  /** A new open round whose units (each a test's own) file `forms`, planned as RoundService.create does. */
  const givenRound = async (codes: string[], forms: FormCode[] = ['project']): Promise<string> => {
    const round = await roundModel(db).create({
      title: `轮次${++units}`,
      year: 2027,
      endMonth: 6,
      status: 'open',
      dueAt: dueInstant('2027-07-10'),
    })
    const roundId = String(round._id)
    await rounds().planUnits(
      roundId,
      codes.map((unitCode) => ({ unitCode, forms })),
    )
    return roundId
  }
  /** Another process on the same database: its own caches (round, known units) and group commit. */
  const otherProcess = () => {
    const r = new RoundRepository(db)
    const s = new SubmissionRepository(db)
    return { rounds: r, submissions: new SubmissionService(r, s, c.clock, v.check) }
  }
  const row = async (id: string) => c.repos.submissions.findById(id)
  const asRow = (s: Submission) => {
    const { updatedAt, ...rest } = s
    return { ...rest, updatedAt: updatedAt?.toISOString() }
  }

  beforeAll(async () => {
    db = await openTestDb('submission_one_write', { monitorCommands: true })
    db.getClient().on('commandStarted', (e: { commandName: string; command: Record<string, unknown> }) => {
      if (e.command[e.commandName] === 'roundunits') headCommands.push(e.commandName)
    })
    c = testContainer(db, '2027-07-01T02:00:00Z')
    c.services.submissions = new SubmissionService(c.repos.rounds, c.repos.submissions, c.clock, v.check)
    await submissionModel(db).init()
    await roundUnitModel(db).init()
  })
  afterAll(async () => closeTestDb(db))

  it('progress is the head write: a submit is counted the moment it is stored', async () => {
    const roundId = await givenRound(['P1'], ['project', 'disclosure'])
    const s = await c.services.submissions.submit({ roundId, unitCode: 'P1', form: 'project' }, ok({ a: 1 }), staff)
    expect(await ru(roundId, 'P1')).toMatchObject({ submitted: ['project'], complete: false })
    expect((await ru(roundId, 'P1'))?.heads.project).toMatchObject({ id: s.id, version: 1, status: 'submitted' })
    await c.services.submissions.submit({ roundId, unitCode: 'P1', form: 'disclosure' }, ok({ b: 1 }), staff)
    expect(await ru(roundId, 'P1')).toMatchObject({ submitted: ['project', 'disclosure'], complete: true })
  })

  it('a crash between the head write and the append loses no version: the repair writes the row, equal to the head', async () => {
    const roundId = await givenRound(['C1', 'C2'])
    // the port wrapper: the append throws (C1) or is silently dropped (C2), as a process dying in between
    const crashing = (mode: 'throw' | 'drop') =>
      new SubmissionService(
        c.repos.rounds,
        Object.assign(Object.create(c.repos.submissions) as SubmissionRepository, {
          append: async () => {
            if (mode === 'throw') throw new Error('process died')
          },
        }),
        c.clock,
        v.check,
      )
    const thrown = await crashing('throw').submit({ roundId, unitCode: 'C1', form: 'project' }, ok({ n: 1 }), staff)
    const dropped = await crashing('drop').saveDraft({ roundId, unitCode: 'C2', form: 'project' }, { n: 2 }, staff)
    expect(await row(thrown.id)).toBeNull()
    expect(await row(dropped.id)).toBeNull()
    // progress counted it all the same
    expect(await ru(roundId, 'C1')).toMatchObject({ submitted: ['project'], complete: true })

    const repair = new HistoryRepair(c.repos.rounds, c.repos.submissions)
    expect(await repair.repair(new Date(Date.now() - 60_000))).toMatchObject({ rows: 2 })
    for (const s of [thrown, dropped]) expect(asRow((await row(s.id))!)).toEqual(asRow(s))
    // idempotent: nothing more to do
    expect(await repair.repair(new Date(0))).toMatchObject({ rows: 0 })
  })

  it('an append never replaces a row with an older state of it', async () => {
    const roundId = await givenRound(['A1'])
    const t = { roundId, unitCode: 'A1', form: 'project' as const }
    const draft = await c.services.submissions.saveDraft(t, { n: 1 }, staff)
    const final = await c.services.submissions.submit(t, ok({ n: 2 }), staff)
    expect(final.id).toBe(draft.id)
    await c.repos.submissions.append(roundId, 'A1', 'project', headOf(draft))
    expect(await row(final.id)).toMatchObject({ status: 'submitted', answers: { n: 2 }, seq: final.seq })
  })

  it('submits of several units at once share one head write command; each unit gets its own version and exact progress', async () => {
    const codes = ['G1', 'G2', 'G3', 'G4', 'G5']
    const roundId = await givenRound(codes, ['project', 'disclosure'])
    const target = (unitCode: string) => ({ roundId, unitCode, form: 'project' as const })
    // remembered units (as after a task list or an earlier write): the writes need no read
    for (const u of codes) await c.services.submissions.saveDraft(target(u), ok({ draft: u }), staff)
    headCommands.length = 0
    const saved = await Promise.all(codes.map((u) => c.services.submissions.submit(target(u), ok({ u }), staff)))
    // the first alone, the four that came while it was in flight together: one update each
    expect(headCommands).toEqual(['update', 'update'])
    expect(saved.map((s) => [s.unitCode, s.version, s.answers.u])).toEqual(codes.map((u) => [u, 1, u]))
    for (const u of codes) {
      const stored = await ru(roundId, u)
      expect(stored).toMatchObject({ submitted: ['project'], complete: false })
      expect(stored?.heads.project).toMatchObject({ id: saved[codes.indexOf(u)].id, status: 'submitted', seq: 2 })
    }
    expect(await roundUnitModel(db).countDocuments({ roundId })).toBe(codes.length) // a shared write inserts nothing
  })

  it('submits that complete their units share one head command, which sets `complete` with the head (no read back)', async () => {
    const codes = ['L1', 'L2', 'L3', 'L4']
    const roundId = await givenRound(codes)
    const target = (unitCode: string) => ({ roundId, unitCode, form: 'project' as const })
    for (const u of codes) await c.services.submissions.saveDraft(target(u), ok({ draft: u }), staff)
    headCommands.length = 0
    const saved = await Promise.all(codes.map((u) => c.services.submissions.submit(target(u), ok({ u }), staff)))
    // the first alone, the three that came while it was in flight together; no find-and-modify, no second write
    expect(headCommands).toEqual(['update', 'update'])
    for (const [i, u] of codes.entries()) {
      const stored = await ru(roundId, u)
      expect(stored).toMatchObject({ submitted: ['project'], complete: true, completedAt: saved[i].submittedAt })
      expect(stored?.heads.project).toMatchObject({ id: saved[i].id, status: 'submitted', seq: 2 })
    }
  })

  it('a form added to the unit after this process read it: the write that would have completed the unit is refused, re-read, and the unit stays incomplete', async () => {
    const roundId = await givenRound(['K3'])
    const t = { roundId, unitCode: 'K3', form: 'project' as const }
    // this process remembers K3 filing the project form only
    await c.services.submissions.saveDraft(t, ok({ draft: 1 }), staff)
    // the bureau adds the disclosure form to K3 (another process)
    await roundUnitModel(db).updateOne({ roundId, unitCode: 'K3' }, { $addToSet: { forms: 'disclosure' } })
    headCommands.length = 0
    await c.services.submissions.submit(t, ok({ a: 1 }), staff)
    // the completing write (refused), the re-read, the write that knows disclosure is missing
    expect(headCommands).toEqual(['update', 'find', 'update'])
    expect(await ru(roundId, 'K3')).toMatchObject({ submitted: ['project'], complete: false })
    // and the disclosure form completes it
    await c.services.submissions.submit({ ...t, form: 'disclosure' }, ok({ b: 1 }), staff)
    expect(await ru(roundId, 'K3')).toMatchObject({ submitted: ['project', 'disclosure'], complete: true })
  })

  it('another form taken out of `submitted` after this process saw it submitted (by hand): the last form does not complete the unit', async () => {
    const roundId = await givenRound(['K4'], ['project', 'disclosure'])
    const t = (form: FormCode) => ({ roundId, unitCode: 'K4', form })
    await c.services.submissions.submit(t('disclosure'), ok({ b: 1 }), staff)
    await roundUnitModel(db).updateOne({ roundId, unitCode: 'K4' }, { $pull: { submitted: 'disclosure' } })
    // this process believes the project form is the last one: its filter asks that disclosure is submitted
    await c.services.submissions.submit(t('project'), ok({ a: 1 }), staff)
    expect(await ru(roundId, 'K4')).toMatchObject({ submitted: ['project'], complete: false })
  })

  it('a unit completed by its last form although this process remembers another form as missing: the write is refused, re-read and completes it', async () => {
    const roundId = await givenRound(['K1'], ['project', 'disclosure'])
    const t = (form: FormCode) => ({ roundId, unitCode: 'K1', form })
    // this process remembers K1 with nothing submitted
    await c.services.submissions.saveDraft(t('project'), ok({ draft: 1 }), staff)
    // another process submits the disclosure form (K1 not complete: the project form is missing)
    await otherProcess().submissions.submit(t('disclosure'), ok({ b: 1 }), staff)
    expect(await ru(roundId, 'K1')).toMatchObject({ submitted: ['disclosure'], complete: false })
    // this process's write believes disclosure missing: its filter asks that, fails, and the retry on a
    // fresh read is the write that completes the unit
    await c.services.submissions.submit(t('project'), ok({ a: 1 }), staff)
    expect(await ru(roundId, 'K1')).toMatchObject({ submitted: ['disclosure', 'project'], complete: true })
  })

  it("a unit's two forms submitted at once by one process: the second finds the first stored and completes the unit", async () => {
    const roundId = await givenRound(['K2'], ['project', 'disclosure'])
    const t = (form: FormCode) => ({ roundId, unitCode: 'K2', form })
    await c.services.submissions.saveDraft(t('project'), ok({ draft: 1 }), staff)
    await Promise.all([
      c.services.submissions.submit(t('project'), ok({ a: 1 }), staff),
      c.services.submissions.submit(t('disclosure'), ok({ b: 1 }), staff),
    ])
    const stored = await ru(roundId, 'K2')
    expect([...(stored?.submitted ?? [])].sort()).toEqual(['disclosure', 'project'])
    expect(stored?.complete).toBe(true)
  })

  it('N concurrent submits of one form, from two processes: versions 1..N in history, no gap, no duplicate', async () => {
    const roundId = await givenRound(['N1'])
    const t = { roundId, unitCode: 'N1', form: 'project' as const }
    const b = otherProcess()
    const n = 8
    const results = await Promise.allSettled(
      Array.from({ length: n }, (_, i) =>
        (i % 2 ? b.submissions : c.services.submissions).submit(t, ok({ i }), { by: `员工${i}`, channel: 'wechat' }),
      ),
    )
    const saved = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
    // a writer that loses every race gets the documented 409, never a silent overwrite
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409, code: 'concurrent_edit' })
    const history = await c.services.submissions.history(t)
    expect(history.map((s) => s.version)).toEqual(saved.map((_, i) => i + 1))
    expect(history.map((s) => s.id).sort()).toEqual(saved.map((s) => s.id).sort())
    expect(new Set(history.map((s) => s.answers.i)).size).toBe(saved.length)
    expect((await ru(roundId, 'N1'))?.heads.project?.version).toBe(saved.length)
    expect(saved.length).toBeGreaterThanOrEqual(1)
  })

  it('two concurrent submits with the same base by two people: one lands, the other is told of it (409)', async () => {
    const roundId = await givenRound(['E1'])
    const t = { roundId, unitCode: 'E1', form: 'project' as const }
    await c.services.submissions.submit(t, ok({ n: 0 }), { by: '王五', channel: 'wechat' })
    const b = otherProcess()
    const refuseOthers = (by: string) => ({
      check: (latest: { by: string; version: number } | null) => {
        if (latest && latest.by !== by && latest.version !== 1)
          throw AppError.conflict('edit_conflict', '该表已有另一位同事保存的版本')
      },
    })
    const results = await Promise.allSettled([
      c.services.submissions.submit(t, ok({ n: 1 }), { by: '甲', channel: 'miniprogram' }, refuseOthers('甲')),
      b.submissions.submit(t, ok({ n: 2 }), { by: '乙', channel: 'miniprogram' }, refuseOthers('乙')),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toMatchObject({ status: 409, code: 'edit_conflict' })
    expect((await c.services.submissions.history(t)).map((s) => s.version)).toEqual([1, 2])
  })

  it('a lock racing submits: each is refused (round_locked) or stored and counted; after the lock returns every process refuses', async () => {
    await unitModel(db).create({ code: 'L1', name: '锁定单位', kind: 'department', tags: [], contacts: [] })
    const roundSvc = new RoundService(c.repos.rounds, new UnitRepository(db), 'Asia/Shanghai')
    const round = await roundSvc.create({
      title: '锁定轮次',
      year: 2027,
      endMonth: 6,
      dueDate: '2027-07-10',
      units: [{ unitCode: 'L1', forms: ['project'] }],
    })
    await roundSvc.setStatus(round.id, 'open')
    const t = { roundId: round.id, unitCode: 'L1', form: 'project' as const }
    // another process, which has the round cached as open
    const b = otherProcess()
    await b.submissions.submit(t, ok({ n: 0 }), staff)
    const racing = Array.from({ length: 6 }, (_, i) => b.submissions.submit(t, ok({ n: i + 1 }), staff))
    await roundSvc.setStatus(round.id, 'locked')
    const results = await Promise.allSettled(racing)
    const unit = await ru(round.id, 'L1')
    const history = await c.services.submissions.history(t)
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409, code: 'round_locked' })
      else {
        expect(history.map((s) => s.id)).toContain(r.value.id)
        expect(unit?.submitted).toContain('project')
      }
    }
    expect(unit?.heads.project?.version).toBe(history.length)
    // started after the lock returned, in the process whose cached round still says open
    await expect(b.submissions.submit(t, ok({ n: 9 }), staff)).rejects.toMatchObject({
      status: 409,
      code: 'round_locked',
    })
    await expect(b.submissions.saveDraft(t, { n: 9 }, staff)).rejects.toMatchObject({ code: 'round_locked' })
    // reopening the unit lets it write again; closing it locks it again
    await roundSvc.reopenUnit(round.id, 'L1', true)
    await expect(b.submissions.submit(t, ok({ n: 10 }), staff)).resolves.toMatchObject({ status: 'submitted' })
    await roundSvc.reopenUnit(round.id, 'L1', false)
    await expect(b.submissions.submit(t, ok({ n: 11 }), staff)).rejects.toMatchObject({ code: 'round_locked' })
  })

  it('a unit marked locked is refused even by a process whose round says open', async () => {
    const roundId = await givenRound(['M1'])
    const t = { roundId, unitCode: 'M1', form: 'project' as const }
    await c.services.submissions.submit(t, ok({ n: 1 }), staff)
    await c.repos.rounds.markLocked(roundId)
    expect((await c.repos.rounds.getRound(roundId))?.status).toBe('open')
    await expect(c.services.submissions.submit(t, ok({ n: 2 }), staff)).rejects.toMatchObject({
      status: 409,
      code: 'round_locked',
    })
    expect(await c.services.submissions.history(t)).toHaveLength(1)
  })

  it('a round unit from before full heads is migrated on its first write, its versions continued', async () => {
    const roundId = await givenRound([])
    await roundUnitModel(db).create({ roundId, unitCode: 'O1', forms: ['project'] })
    const old = await c.repos.submissions.insert({
      roundId,
      unitCode: 'O1',
      form: 'project',
      version: 1,
      status: 'submitted',
      answers: { n: 1 },
      computed: {},
      by: '旧版',
      channel: 'wechat',
      submittedAt: new Date('2027-07-01T02:00:00Z'),
      firstSubmittedAt: new Date('2027-07-01T02:00:00Z'),
      onTime: true,
    })
    const t = { roundId, unitCode: 'O1', form: 'project' as const }
    expect(await c.services.submissions.latest(t)).toMatchObject({ id: old.id, version: 1 })
    const next = await c.services.submissions.submit(t, ok({ n: 2 }), staff)
    expect(next).toMatchObject({ version: 2, firstSubmittedAt: old.firstSubmittedAt })
    expect((await c.services.submissions.history(t)).map((s) => s.answers.n)).toEqual([1, 2])
    expect(await ru(roundId, 'O1')).toMatchObject({ fullHeads: true, heads: { project: { id: next.id, seq: 2 } } })
  })

  it('a write from a remembered read (the chat task list, knowRead) that went stale: the next version, or refused after a lock', async () => {
    const roundId = await givenRound(['K1', 'K2'])
    const t = { roundId, unitCode: 'K1', form: 'project' as const }
    const b = otherProcess()
    // this process remembers the rows as the task list read them (no head yet)…
    const [k1] = await rounds().unitRows([roundId], 'K1')
    const [k2] = await rounds().unitRows([roundId], 'K2')
    expect([k1, k2]).toMatchObject([{ fullHeads: true }, { fullHeads: true }]) // else knowRead keeps nothing
    c.services.submissions.knowRead(k1)
    c.services.submissions.knowRead(k2)
    // …then another process submits K1 and the round unit K2 is locked
    await b.submissions.submit(t, ok({ n: 1 }), staff)
    await roundUnitModel(db).updateOne({ roundId, unitCode: 'K2' }, { $set: { locked: true } })
    const next = await c.services.submissions.submit(t, ok({ n: 2 }), staff)
    expect(next).toMatchObject({ version: 2 })
    expect((await c.services.submissions.history(t)).map((s) => s.answers.n)).toEqual([1, 2])
    await expect(c.services.submissions.submit({ ...t, unitCode: 'K2' }, ok({ n: 1 }), staff)).rejects.toMatchObject({
      status: 409,
      code: 'round_locked',
    })
    expect(await ru(roundId, 'K2')).not.toHaveProperty('heads.project')
  })
})
