import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { DateTime } from 'luxon'
import type { Connection } from 'mongoose'
import { bindingModel } from '../../src/db/models/binding.js'
import { calendarOverrideModel } from '../../src/db/models/calendar-override.js'
import { roundModel } from '../../src/db/models/round.js'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { unitModel } from '../../src/db/models/unit.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { testContainer } from '../support/container.js'
import { seedOneUnitRound } from './support/one-unit-round.js'

const at = (s: string) => DateTime.fromISO(s, { zone: 'Asia/Shanghai' }).toJSDate()

/**
 * chinese-days has no 2027 data, so without help it would remind on 2027's National Day holiday. The
 * bureau adds the arrangement as overrides and the reminders move to the last working day before it.
 */
describe('a bureau holiday override moves reminders', () => {
  let db: Connection
  let c: ReturnType<typeof testContainer>
  let roundId: string

  beforeAll(async () => {
    db = await openTestDb('holiday_override')
    c = testContainer(db, at('2027-09-29T09:00'))
    for (const m of [
      unitModel(db),
      bindingModel(db),
      roundModel(db),
      roundUnitModel(db),
      calendarOverrideModel(db),
      c.outbox.model,
    ])
      await m.init()
    roundId = await seedOneUnitRound(db, { title: '2027年1-9月', endMonth: 9, due: '2027-10-08' })
    const holidays = ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
      date: `2027-10-${d}`,
      work: false,
      name: '国庆节',
    }))
    await calendarOverrideModel(db).insertMany([
      ...holidays,
      { date: '2027-09-26', work: true, name: '国庆节调休上班' },
    ])
  })
  afterAll(async () => closeTestDb(db))

  const sweepAt = async (local: string): Promise<string[]> => {
    c.clock.set(at(local))
    await c.chase.reminders.sweep()
    return (await c.outbox.model.find({}, { key: 1 }).sort({ createdAt: 1 }).lean()).map((d) =>
      d.key.replace(`:${roundId}:`, ':R:'),
    )
  }

  it('sends the 7/3/1-day reminders once, on the last working day before the holiday', async () => {
    expect(await sweepAt('2027-09-29T09:00')).toEqual([])
    expect((await c.chase.reminders.sweep()).unknownYears).toEqual([]) // the overrides cover 2027
    expect(await sweepAt('2027-09-30T09:00')).toEqual(['reminder:R:U1:before-1@2027-10-08'])
    for (const day of ['2027-10-01', '2027-10-05', '2027-10-07']) expect(await sweepAt(`${day}T09:00`)).toHaveLength(1)
    expect(await sweepAt('2027-10-08T09:00')).toEqual([
      'reminder:R:U1:before-1@2027-10-08',
      'reminder:R:U1:due-0900@2027-10-08',
    ])
  })
})
