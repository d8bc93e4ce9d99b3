import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Model } from 'mongoose'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'

/**
 * Every list and progress query of the API, by shape, must be served by an index. On MongoDB the winning
 * plan is checked for a collection scan; servers without `explain` (mongo-java-server) fall back to
 * checking that an index starts with the query's leading field.
 */
const SHAPES: { model: string; filter: Record<string, unknown>; sort?: Record<string, 1 | -1>; why: string }[] = [
  { model: 'RoundUnit', filter: { roundId: 'r' }, sort: { unitCode: 1 }, why: 'round progress' },
  { model: 'RoundUnit', filter: { roundId: { $in: ['r'] }, unitCode: 'S1' }, why: 'unit tasks, yearly timeliness' },
  { model: 'Submission', filter: { roundId: 'r', unitCode: 'S1', form: 'project' }, sort: { version: -1 }, why: 'latest version, history' },
  { model: 'Submission', filter: { roundId: 'r', status: 'submitted' }, sort: { unitCode: 1, form: 1, version: 1 }, why: 'review list by status' },
  { model: 'Submission', filter: { roundId: 'r', form: 'project', status: { $ne: 'draft' } }, sort: { unitCode: 1, version: 1 }, why: 'export' },
  { model: 'Submission', filter: { roundId: { $in: ['r'] }, unitCode: 'S1' }, sort: { version: -1 }, why: 'mini-program tasks' },
  { model: 'Unit', filter: { parentCode: 'D1' }, why: 'department scope' },
  { model: 'Unit', filter: { code: { $in: ['S1'] } }, why: 'unit names' },
  { model: 'Project', filter: { unitCode: { $in: ['S1'] } }, sort: { unitCode: 1, code: 1 }, why: 'projects list, form context' },
  { model: 'Round', filter: { status: { $in: ['open'] } }, why: 'open tasks' },
  { model: 'Round', filter: { year: 2027, status: { $ne: 'draft' } }, why: 'yearly timeliness' },
  { model: 'AuditEntry', filter: { actor: 'admin:x' }, sort: { at: -1 }, why: 'audit by actor' },
  { model: 'AuditEntry', filter: { at: { $gte: new Date(0) } }, sort: { at: -1 }, why: 'audit list' },
  { model: 'MpUser', filter: { openid: 'o' }, why: 'session' },
  { model: 'AdminToken', filter: { hash: 'h' }, why: 'admin token' },
  { model: 'BindCode', filter: { code: 'C' }, why: 'bind' },
  { model: 'Binding', filter: { unitCode: 'S1', active: true, kind: { $in: ['unit-room'] } }, why: 'return notice' },
  { model: 'DepartmentReview', filter: { submissionId: 's' }, why: 'department review' },
]

function hasCollScan(plan: unknown): boolean {
  if (!plan || typeof plan !== 'object') return false
  const p = plan as Record<string, unknown>
  if (p.stage === 'COLLSCAN') return true
  return Object.values(p).some((v) => (Array.isArray(v) ? v.some(hasCollScan) : hasCollScan(v)))
}

describe('every list and progress query is served by an index', () => {
  let f: ApiFixture
  beforeAll(async () => {
    f = await apiFixture('indexes')
  })
  afterAll(async () => f.close())

  it.each(SHAPES.map((s) => [`${s.model} ${s.why}`, s] as const))('%s', async (_name, s) => {
    const model = f.db.models[s.model] as Model<unknown>
    expect(model).toBeDefined()
    const indexes = await model.collection.indexes()
    const leading = Object.keys(s.filter)[0]
    expect(indexes.some((i) => Object.keys(i.key)[0] === leading)).toBe(true)
    const explained = await model.find(s.filter).sort(s.sort ?? {}).lean().explain('queryPlanner').catch(() => null)
    const planner = (explained as { queryPlanner?: { winningPlan?: unknown } } | null)?.queryPlanner
    if (planner?.winningPlan) expect(hasCollScan(planner.winningPlan)).toBe(false)
  })
})
