import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { DateTime } from 'luxon'
import type { Connection } from 'mongoose'
import type { Agenda } from 'agenda'
import { allJobs } from '../../jobs/all.js'
import { seedOneUnitRound } from './support/one-unit-round.js'
import { startAgenda } from '../../jobs/index.js'
import { bindingModel } from '../../src/db/models/binding.js'
import { roundModel } from '../../src/db/models/round.js'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { unitModel } from '../../src/db/models/unit.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { testContainer } from '../support/container.js'
import { waitFor } from '../outbox/support/wait-for.js'

/**
 * Real Agenda with a short processEvery: `sweep-reminders` is scheduled, fires and enqueues. ('1 second':
 * a '200 milliseconds' processEvery never picked the job up on the Java test server.)
 */
describe('sweep-reminders under Agenda', () => {
  let db: Connection
  let agenda: Agenda | undefined

  beforeAll(async () => {
    db = await openTestDb('agenda_sweep')
  })
  afterAll(async () => {
    await agenda?.stop()
    await closeTestDb(db)
  })

  it('fires on schedule and puts the due reminder in the outbox', async () => {
    const c = testContainer(db, DateTime.fromISO('2027-07-07T09:01', { zone: 'Asia/Shanghai' }).toJSDate(), {
      AGENDA_PROCESS_EVERY: '1 second',
    })
    for (const m of [unitModel(db), bindingModel(db), roundModel(db), roundUnitModel(db), c.outbox.model])
      await m.init()
    const roundId = await seedOneUnitRound(db, { title: '2027年1-6月', endMonth: 6, due: '2027-07-10' })

    agenda = await startAgenda(
      c,
      allJobs.filter((j) => j.name === 'sweep-reminders'),
    )
    await waitFor(async () => (await c.outbox.model.countDocuments()) > 0, 'the sweep to enqueue', 20_000)
    const docs = await c.outbox.model.find({}, { key: 1, target: 1 }).lean()
    expect(docs.map((d) => d.key)).toEqual([`reminder:${roundId}:U1:before-3@2027-07-10`])
    const job = await db.collection('agendaJobs').findOne({ name: 'sweep-reminders' })
    expect(job?.repeatInterval).toBe('5 minutes')
    expect(await db.collection('agendaJobs').countDocuments()).toBe(1)
  })
})
