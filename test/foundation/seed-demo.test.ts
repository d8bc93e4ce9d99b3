import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { ManualClock } from '../../src/clock.js'
import { seedDemo } from '../../src/demo/seed-demo.js'
import { unitModel } from '../../src/db/models/unit.js'
import { projectModel } from '../../src/db/models/project.js'
import { roundModel } from '../../src/db/models/round.js'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { openTestDb, closeTestDb } from '../support/db.js'

describe('seed:demo', () => {
  /** seeded once, on 2026-11-25, and only read by the tests that use it */
  let db: Connection
  beforeAll(async () => {
    db = await openTestDb('seed')
    await seedDemo(db, new ManualClock('2026-11-25T02:00:00Z'))
  })
  afterAll(async () => closeTestDb(db))

  it('loads 123 units with 11 townships, and a second run duplicates nothing', async () => {
    // a database of its own: the first run must find it empty
    const empty = await openTestDb('seed_twice')
    try {
      const clock = new ManualClock('2026-11-25T02:00:00Z')
      const first = await seedDemo(empty, clock)
      expect(first).toMatchObject({ units: 123, townships: 11, managers: 3 })
      clock.set('2026-11-26T02:00:00Z')
      const second = await seedDemo(empty, clock)
      expect(second).toEqual(first)
      expect(await roundModel(empty).countDocuments()).toBe(1)
      expect(await roundUnitModel(empty).countDocuments()).toBe(123)
      expect(await projectModel(empty).countDocuments()).toBe(first.projects)
    } finally {
      await closeTestDb(empty)
    }
  })

  it('has second-level units, 1–6 projects with 2–6 indicators of every basis, and units without a project table', async () => {
    expect(await unitModel(db).countDocuments({ kind: 'secondary', parentCode: { $exists: true } })).toBeGreaterThan(0)
    const perUnit = await projectModel(db).aggregate<{ _id: string; n: number }>([
      { $group: { _id: '$unitCode', n: { $sum: 1 } } },
    ])
    expect(Math.min(...perUnit.map((p) => p.n))).toBeGreaterThanOrEqual(1)
    expect(Math.max(...perUnit.map((p) => p.n))).toBeLessThanOrEqual(6)
    const projects = await projectModel(db).find({}, { indicators: 1 }).lean()
    for (const p of projects) expect(p.indicators.length).toBeGreaterThanOrEqual(2)
    for (const p of projects) expect(p.indicators.length).toBeLessThanOrEqual(6)
    const bases = new Set(projects.flatMap((p) => p.indicators.map((i) => i.basis)))
    expect([...bases].sort()).toEqual(['cap', 'cumulative', 'level', 'milestone', 'qualitative'])
    const noProject = await roundUnitModel(db)
      .find({ forms: { $ne: 'project' } })
      .lean()
    expect(noProject.length).toBeGreaterThan(0)
    expect(perUnit.length).toBe(123 - noProject.length)
  })

  it('opens one round due 7 days after the first run, end of day in Shanghai', async () => {
    const round = await roundModel(db).findOne().lean()
    expect(round?.status).toBe('open')
    expect(round?.dueAt.toISOString()).toBe('2026-12-02T15:59:59.999Z')
  })
})
