import type { Connection } from 'mongoose'
import { DateTime } from 'luxon'
import type { Clock } from '../clock.js'
import { unitModel } from '../db/models/unit.js'
import { projectModel } from '../db/models/project.js'
import { managerModel } from '../db/models/manager.js'
import { roundModel } from '../db/models/round.js'
import { roundUnitModel } from '../db/models/round-unit.js'
import { dueInstant } from '../domain/due-instant.js'
import { DEMO_COUNTY, demoCounty } from './demo-county.js'

export interface SeedResult {
  units: number
  townships: number
  projects: number
  managers: number
  roundId: string
  roundTitle: string
}

/**
 * Loads the demo county with upserts keyed by natural codes, so a second run changes nothing.
 * The demo round (1-9月 of the current year) is due 7 days after the first run; later runs keep its dates.
 */
export async function seedDemo(conn: Connection, clock: Clock, zone = 'Asia/Shanghai'): Promise<SeedResult> {
  const county = demoCounty()
  const Units = unitModel(conn)
  const Projects = projectModel(conn)
  const Managers = managerModel(conn)
  const Rounds = roundModel(conn)
  const RoundUnits = roundUnitModel(conn)
  await Promise.all([Units.init(), Projects.init(), Managers.init(), Rounds.init(), RoundUnits.init()])

  await Units.bulkWrite(
    county.units.map((u) => ({ updateOne: { filter: { code: u.code }, update: { $set: u }, upsert: true } })),
    { ordered: false },
  )
  await Projects.bulkWrite(
    county.projects.map((p) => ({
      updateOne: { filter: { unitCode: p.unitCode, code: p.code }, update: { $set: p }, upsert: true },
    })),
    { ordered: false },
  )
  await Managers.bulkWrite(
    county.managers.map((m) => ({ updateOne: { filter: { email: m.email }, update: { $set: m }, upsert: true } })),
    { ordered: false },
  )

  const today = DateTime.fromJSDate(clock.now(), { zone })
  const year = today.year
  const title = `${DEMO_COUNTY}${year}年1-9月绩效运行监控（演示）`
  const due = today.plus({ days: 7 }).toISODate() ?? ''
  await Rounds.updateOne(
    { year, endMonth: 9, title },
    {
      $setOnInsert: {
        year,
        endMonth: 9,
        title,
        dueAt: dueInstant(due, zone),
        lockAt: dueInstant(today.plus({ days: 30 }).toISODate() ?? '', zone),
        tolerance: 0,
        jumpFactor: 3,
        status: 'open',
      },
    },
    { upsert: true },
  )
  const round = await Rounds.findOne({ year, endMonth: 9, title }, { _id: 1 }).lean()
  const roundId = String(round?._id)
  await RoundUnits.bulkWrite(
    [...county.forms].map(([unitCode, forms]) => ({
      updateOne: {
        filter: { roundId, unitCode },
        // heads: {} as a round opened through the API has it, so versions and returns are kept per form
        // (without it the board never shows a demo unit as 已退回)
        update: {
          $setOnInsert: { roundId, unitCode, forms, submitted: [], complete: false, heads: {}, fullHeads: true },
        },
        upsert: true,
      },
    })),
    { ordered: false },
  )
  return {
    units: await Units.countDocuments(),
    townships: await Units.countDocuments({ kind: 'township' }),
    projects: await Projects.countDocuments(),
    managers: await Managers.countDocuments(),
    roundId,
    roundTitle: title,
  }
}
