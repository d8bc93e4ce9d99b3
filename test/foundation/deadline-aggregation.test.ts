import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Connection } from 'mongoose'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { unitDeadline, unitDeadlineExpr } from '../../src/domain/deadline.js'
import { progressCountsPipeline } from '../../src/db/repositories/progress-repository.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { DEADLINE_CASES, DEADLINE_DUE as DUE } from '../support/deadline-cases.js'

/** The progress counts apply the unit-deadline rule inside MongoDB: the same answers as the function. */
describe('unit deadline in the aggregation agrees with unitDeadline (real database)', () => {
  let db: Connection
  beforeAll(async () => {
    db = await openTestDb('deadline_agg')
  })
  afterAll(async () => closeTestDb(db))

  it('computes the same deadline for every case of the rule’s table', async () => {
    const roundId = 'r-expr'
    const rows = DEADLINE_CASES.map((c, i) => ({
      roundId,
      unitCode: `U${i}`,
      forms: ['project'],
      ...(c.extensionUntil === undefined ? {} : { extensionUntil: c.extensionUntil }),
    }))
    await roundUnitModel(db).collection.insertMany(rows)
    const out = await roundUnitModel(db).aggregate<{ unitCode: string; deadline: Date }>([
      { $match: { roundId } },
      { $project: { _id: 0, unitCode: 1, deadline: unitDeadlineExpr(DUE) } },
      { $sort: { unitCode: 1 } },
    ])
    expect(out.map((r) => r.deadline)).toEqual(rows.map((r) => unitDeadline({ dueAt: DUE }, r)))
    expect(out.map((r) => r.deadline)).toEqual(DEADLINE_CASES.map((c) => c.expected))
  })

  it('counts on time exactly the units completed by unitDeadline', async () => {
    const roundId = 'r-counts'
    // each case completed a second before, at, and a second after the deadline the function gives
    const rows = DEADLINE_CASES.flatMap((c, i) =>
      [-1000, 0, 1000].map((shift, j) => ({
        roundId,
        unitCode: `U${i}-${j}`,
        forms: ['project'],
        submitted: ['project'],
        complete: true,
        completedAt: new Date(c.expected.getTime() + shift),
        ...(c.extensionUntil === undefined ? {} : { extensionUntil: c.extensionUntil }),
      })),
    )
    await roundUnitModel(db).collection.insertMany(rows)
    const [counts] = await roundUnitModel(db).aggregate<{ onTime: number; late: number }>(
      progressCountsPipeline({ roundId }, { dueAt: DUE }),
    )
    const onTime = rows.filter((r) => r.completedAt <= unitDeadline({ dueAt: DUE }, r)).length
    expect(onTime).toBe(DEADLINE_CASES.length * 2)
    expect(counts).toMatchObject({ onTime, late: rows.length - onTime })
  })
})
