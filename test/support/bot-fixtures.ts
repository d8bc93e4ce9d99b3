import type { Connection } from 'mongoose'
import { unitModel } from '../../src/db/models/unit.js'
import { projectModel } from '../../src/db/models/project.js'
import { roundModel } from '../../src/db/models/round.js'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { bindCodeModel } from '../../src/db/models/bind-code.js'
import { dueInstant } from '../../src/domain/due-instant.js'
import type { FormCode, Indicator, Project } from '../../src/domain/types.js'

const ind = (code: string, level1: string, level2: string, name: string, comparator: Indicator['comparator'], target: number | string, measure: string, basis: Indicator['basis']): Indicator =>
  ({ code, level1, level2, name, comparator, target, measure, basis })

/** One project: 35万 (adjusted), a cumulative indicator and a satisfaction level indicator. */
export function roadsProject(unitCode: string): Project {
  return {
    unitCode,
    code: 'P1',
    name: '乡村道路养护',
    funds: { total: { initial: 30_000_000, adjusted: 35_000_000 }, fiscal: { initial: 30_000_000 }, other: { initial: 0, adjusted: 5_000_000 } },
    goal: '养护农村公路120公里',
    indicators: [
      ind('I1', '产出指标', '数量指标', '养护农村公路里程', '>=', 120, '公里', 'cumulative'),
      ind('I2', '满意度指标', '服务对象满意度', '群众满意度', '>=', 90, '%', 'level'),
    ],
  }
}

/**
 * Units U1..Un each with the roads project and a bind code BINDU1.., and one open round 2027 1-6月
 * due 2027-07-10 in which each unit files only the project table (unless `forms` says otherwise).
 */
export async function seedBotWorld(conn: Connection, units: string[], forms: FormCode[] = ['project']): Promise<string> {
  // build indexes first: mongo-java-server can fail a bulk insert racing its index creation
  await Promise.all([unitModel(conn).init(), projectModel(conn).init(), bindCodeModel(conn).init(), roundModel(conn).init(), roundUnitModel(conn).init()])
  await unitModel(conn).insertMany(
    units.map((code, i) => ({
      code,
      name: `测试县第${i + 1}局`,
      kind: 'department',
      tags: [],
      contacts: [{ name: `财务${i + 1}`, wechatName: `财务${i + 1}`, phone: '13900000000', role: 'finance' }],
      indicators: [],
    })),
  )
  await projectModel(conn).insertMany(units.map(roadsProject))
  await bindCodeModel(conn).insertMany(units.map((u) => ({ unitCode: u, code: `BIND${u}`, createdAt: new Date() })))
  const round = await roundModel(conn).create({ title: '2027年1-6月绩效运行监控', year: 2027, endMonth: 6, status: 'open', dueAt: dueInstant('2027-07-10'), lockAt: dueInstant('2027-07-31') })
  const roundId = String(round._id)
  // as the round service opens a round: `heads: {}` is "no version yet" (the submission service keeps it)
  await roundUnitModel(conn).insertMany(units.map((unitCode) => ({ roundId, unitCode, forms, submitted: [], complete: false, heads: {} })))
  return roundId
}

/** A reply that fills the fixture project's funds block (executed and expected, three lines, progress). */
export const FUNDS = '20万 35万\n15万 30万\n5万 5万\n已养护道路60公里，按计划推进'
/** Its indicators on track: 70/120 = 58 % ≥ 50 % time progress, satisfaction 95 % — nothing more is asked. */
export const ON_TRACK = '70 120\n95 95'
