import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Connection } from 'mongoose'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { unitStanding, type ProgressCounts, type UnitStanding } from '../../src/domain/progress-counts.js'
import { progressCountsPipeline } from '../../src/db/repositories/progress-repository.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { STANDING_CASES, STANDING_DUE as DUE, standingRow } from '../support/standing-cases.js'

/** Which standing a one-unit count says (each count is 0 or 1 for a single unit). */
function standingOf(c: ProgressCounts): UnitStanding {
  if (c.onTime) return 'on_time'
  if (c.late) return 'late'
  if (c.awaitingEntry) return 'awaiting_entry'
  return c.partial ? 'partial' : 'missing'
}

/** The progress counts apply the completion rule inside MongoDB: the same answers as unitStanding. */
describe('unit standing in the progress aggregation agrees with unitStanding (real database)', () => {
  let db: Connection
  beforeAll(async () => {
    db = await openTestDb('standing_agg')
    await roundUnitModel(db).collection.insertMany(STANDING_CASES.map((c, i) => standingRow(c, 'r-standing', `U${i}`)))
  })
  afterAll(async () => closeTestDb(db))

  it.each(STANDING_CASES.map((c, i) => ({ ...c, i })))('$name → $expected', async (c) => {
    const round = { dueAt: DUE, requirePlatformEntry: c.require }
    const [counts] = await roundUnitModel(db).aggregate<ProgressCounts>(
      progressCountsPipeline({ roundId: 'r-standing', unitCode: `U${c.i}` }, round),
    )
    expect(standingOf(counts)).toBe(unitStanding(round, standingRow(c, 'r-standing', `U${c.i}`)))
    expect(standingOf(counts)).toBe(c.expected)
    expect(counts.entered).toBe(c.entryAt ? 1 : 0)
    expect(counts.missing).toBe(c.expected === 'on_time' || c.expected === 'late' ? 0 : 1)
  })

  it('counts a whole round the same way, with the option off and on', async () => {
    for (const require of [false, true]) {
      const round = { dueAt: DUE, requirePlatformEntry: require }
      const [counts] = await roundUnitModel(db).aggregate<ProgressCounts>(
        progressCountsPipeline({ roundId: 'r-standing' }, round),
      )
      const standings = STANDING_CASES.map((c, i) => unitStanding(round, standingRow(c, 'r-standing', `U${i}`)))
      const n = (s: UnitStanding) => standings.filter((x) => x === s).length
      expect(counts).toMatchObject({
        expected: STANDING_CASES.length,
        onTime: n('on_time'),
        late: n('late'),
        awaitingEntry: n('awaiting_entry'),
        partial: n('partial'),
        missing: STANDING_CASES.length - n('on_time') - n('late'),
        entered: STANDING_CASES.filter((c) => c.entryAt).length,
      })
    }
  })
})
