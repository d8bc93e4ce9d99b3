import type { Connection } from 'mongoose'
import { projectModel } from '../src/db/models/project.js'
import { unitModel } from '../src/db/models/unit.js'
import { mpUserModel } from '../src/db/models/mp-user.js'
import type { ApiServices } from '../src/http/routes/api-services.js'
import { INDICATORS } from '../fixtures/seed-county.js'

const WAN = 1_000_000

/**
 * `count` units B0001… each running one project coded P1 (same paths, so one payload fits all), a
 * round where each files the project table, and one logged-in, bound mini-program user per unit.
 */
export async function seedBenchUnits(
  conn: Connection,
  s: ApiServices,
  count: number,
): Promise<{ roundId: string; tokens: string[] }> {
  const codes = Array.from({ length: count }, (_, i) => `B${String(i + 1).padStart(4, '0')}`)
  await unitModel(conn).insertMany(
    codes.map((code) => ({
      code,
      name: `基准单位${code}`,
      kind: 'department',
      tags: [],
      contacts: [],
      indicators: INDICATORS,
    })),
  )
  await projectModel(conn).insertMany(
    codes.map((unitCode) => ({
      unitCode,
      code: 'P1',
      name: '基准项目',
      goal: '完成年度任务',
      indicators: INDICATORS,
      funds: { total: { initial: 100 * WAN }, fiscal: { initial: 80 * WAN }, other: { initial: 20 * WAN } },
    })),
  )
  const round = await s.rounds.create({
    title: '基准轮次',
    year: 2027,
    endMonth: 6,
    dueDate: '2027-07-10',
    units: codes.map((unitCode) => ({ unitCode, forms: ['project'] })),
  })
  await s.rounds.setStatus(round.id, 'open')
  const tokens: string[] = []
  for (const code of codes) {
    const login = await s.mpSessions.login(`bench-${code}`)
    await mpUserModel(conn).updateOne({ openid: `o_bench-${code}` }, { $set: { unitCode: code } })
    tokens.push(login.token)
  }
  return { roundId: round.id, tokens }
}

/** A complete, on-track project table for project P1 (60 % executed at 1-6月, every target met). */
export function benchAnswers(): Record<string, unknown> {
  const p = 'projects.P1'
  const a: Record<string, unknown> = {
    [`${p}.funds.total.executed`]: 60 * WAN,
    [`${p}.funds.fiscal.executed`]: 50 * WAN,
    [`${p}.funds.other.executed`]: 10 * WAN,
    [`${p}.funds.total.expected`]: 100 * WAN,
    [`${p}.funds.fiscal.expected`]: 80 * WAN,
    [`${p}.funds.other.expected`]: 20 * WAN,
    [`${p}.goalProgress`]: '主体工程已完工，正在验收',
  }
  for (const ind of INDICATORS) {
    a[`${p}.indicators.${ind.code}.actual`] = ind.target
    a[`${p}.indicators.${ind.code}.expected`] = ind.target
  }
  return a
}
