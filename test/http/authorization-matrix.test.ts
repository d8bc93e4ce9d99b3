import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import type { RoleName } from '../../src/services/access/principal.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { openRound } from './support/rounds.js'

type Caller = 'anonymous' | RoleName
/** What a request looks like for a unit: S1 is "own" (the unit user's and reviewer D1's), S2 "other". */
interface Keys {
  unit: string
  roundId: string
  submissionId: string
  n: number
}
interface Req {
  path: string
  body?: unknown
  csv?: string
  /** an XLSX upload (here never a template: the route reads it and refuses it, 422) */
  xlsx?: Buffer
}
interface Entry {
  roles: 'public' | RoleName[]
  req(k: Keys): Req
}

const R: RoleName[] = ['bureau_admin', 'bureau_viewer', 'dept_reviewer']
const A: RoleName[] = ['bureau_admin']
const REV: RoleName[] = ['bureau_admin', 'dept_reviewer']
const U: RoleName[] = ['unit']
const BUREAU: RoleName[] = ['bureau_admin', 'bureau_viewer']
const form = (k: Keys) => `/api/mp/rounds/${k.roundId}/forms/disclosure`
const disclosure = { answers: { departmentUrl: 'https://www.example.gov.cn/r' } }

/**
 * The authorisation spec, one entry per route of the router's own table: who may call it, and a request
 * naming a unit. A route added without an entry here fails the first test.
 */
const MATRIX: Record<string, Entry> = {
  'POST /api/mp/login': { roles: 'public', req: (k) => ({ path: '/api/mp/login', body: { code: `m${k.n}` } }) },
  'POST /api/mp/bind': { roles: U, req: () => ({ path: '/api/mp/bind', body: { bindCode: 'WRONGCODE' } }) },
  'GET /api/mp/me': { roles: U, req: () => ({ path: '/api/mp/me' }) },
  'GET /api/mp/tasks': { roles: U, req: () => ({ path: '/api/mp/tasks' }) },
  'GET /api/mp/rounds/:roundId/forms/:form': { roles: U, req: (k) => ({ path: form(k) }) },
  'PUT /api/mp/rounds/:roundId/forms/:form/draft': {
    roles: U,
    req: (k) => ({ path: `${form(k)}/draft`, body: { ...disclosure, overwrite: true } }),
  },
  'POST /api/mp/rounds/:roundId/forms/:form/submit': {
    roles: U,
    req: (k) => ({ path: `${form(k)}/submit`, body: { ...disclosure, overwrite: true } }),
  },
  'GET /api/mp/rounds/:roundId/forms/:form/history': { roles: U, req: (k) => ({ path: `${form(k)}/history` }) },
  'GET /api/mp/rounds/:roundId/forms/:form/template': { roles: U, req: (k) => ({ path: `${form(k)}/template` }) },
  'POST /api/mp/rounds/:roundId/forms/:form/file': {
    roles: U,
    req: (k) => ({ path: `${form(k)}/file`, xlsx: Buffer.from('not a workbook') }),
  },
  'GET /api/admin/units': { roles: R, req: () => ({ path: '/api/admin/units' }) },
  'POST /api/admin/units/import': {
    roles: A,
    req: () => ({ path: '/api/admin/units/import', csv: '单位代码,单位名称,单位类型\nT1,城关镇,乡镇' }),
  },
  'POST /api/admin/units/import/preview': {
    roles: A,
    req: () => ({ path: '/api/admin/units/import/preview', csv: '单位代码,单位名称,单位类型\nT1,城关镇,乡镇' }),
  },
  'POST /api/admin/projects/import': {
    roles: A,
    req: () => ({
      path: '/api/admin/projects/import',
      csv: '单位代码,项目代码,项目名称,年度资金总额,财政拨款,其他资金\nT1,T1-P1,道路,10,10,0',
    }),
  },
  'POST /api/admin/indicators/import': {
    roles: A,
    req: () => ({
      path: '/api/admin/indicators/import',
      csv: '单位代码,项目代码,指标代码,一级指标,二级指标,三级指标,比较符,目标值,计量单位,判定方式\nT1,,K1,产出指标,数量,户数,≥,5,户,累计',
    }),
  },
  'POST /api/admin/import/platform': {
    roles: A,
    req: () => ({
      path: '/api/admin/import/platform?kind=budgets&dryRun=1',
      csv: '项目代码,预算执行情况\n,年初预算数\nS1-P1,1',
    }),
  },
  'GET /api/admin/projects': { roles: R, req: (k) => ({ path: `/api/admin/projects?unitCode=${k.unit}` }) },
  'GET /api/admin/units/:code/bind-code': { roles: A, req: (k) => ({ path: `/api/admin/units/${k.unit}/bind-code` }) },
  'POST /api/admin/units/:code/bind-code/rotate': {
    roles: A,
    req: (k) => ({ path: `/api/admin/units/${k.unit}/bind-code/rotate` }),
  },
  'GET /api/admin/units/:code/timeliness': {
    roles: R,
    req: (k) => ({ path: `/api/admin/units/${k.unit}/timeliness?year=2027` }),
  },
  'GET /api/admin/rounds': { roles: R, req: () => ({ path: '/api/admin/rounds' }) },
  'POST /api/admin/rounds': {
    roles: A,
    req: (k) => ({
      path: '/api/admin/rounds',
      body: { title: `矩阵轮次${k.n}`, year: 2027, endMonth: 9, dueDate: '2027-10-20', units: [] },
    }),
  },
  'GET /api/admin/rounds/:roundId': { roles: R, req: (k) => ({ path: `/api/admin/rounds/${k.roundId}` }) },
  'PATCH /api/admin/rounds/:roundId': {
    roles: A,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}`, body: { tolerance: 0 } }),
  },
  'POST /api/admin/rounds/:roundId/status': {
    roles: A,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/status`, body: { status: 'open' } }),
  },
  'PUT /api/admin/rounds/:roundId/units/:unitCode/extension': {
    roles: A,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/units/${k.unit}/extension`, body: { until: '2027-07-15' } }),
  },
  'POST /api/admin/rounds/:roundId/units/:unitCode/platform-entry': {
    roles: A,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/units/${k.unit}/platform-entry` }),
  },
  'DELETE /api/admin/rounds/:roundId/units/:unitCode/platform-entry': {
    roles: A,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/units/${k.unit}/platform-entry` }),
  },
  'PUT /api/admin/rounds/:roundId/units/:unitCode/reopen': {
    roles: A,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/units/${k.unit}/reopen`, body: { reopened: false } }),
  },
  'GET /api/admin/rounds/:roundId/progress': {
    roles: R,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/progress` }),
  },
  'GET /api/admin/rounds/:roundId/units/:unitCode/progress': {
    roles: R,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/units/${k.unit}/progress` }),
  },
  'GET /api/admin/rounds/:roundId/board': { roles: R, req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/board` }) },
  'GET /api/admin/rounds/:roundId/board/units': {
    roles: R,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/board/units?q=${k.unit}` }),
  },
  'POST /api/admin/rounds/:roundId/remind': {
    roles: A,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/remind`, body: { unitCodes: [k.unit] } }),
  },
  'POST /api/admin/session/exchange': {
    roles: 'public',
    req: (k) => ({ path: '/api/admin/session/exchange', body: { link: `unknown-link-${k.n}-0123456789` } }),
  },
  'GET /api/admin/session': { roles: R, req: () => ({ path: '/api/admin/session' }) },
  // a CLI token (every caller here) is not revoked by logout, so the matrix's tokens survive this call
  'DELETE /api/admin/session': { roles: R, req: () => ({ path: '/api/admin/session' }) },
  'GET /api/admin/submissions': {
    roles: R,
    req: (k) => ({ path: `/api/admin/submissions?roundId=${k.roundId}&unitCode=${k.unit}` }),
  },
  'GET /api/admin/submissions/:id': { roles: R, req: (k) => ({ path: `/api/admin/submissions/${k.submissionId}` }) },
  'POST /api/admin/submissions/:id/return': {
    roles: REV,
    req: (k) => ({ path: `/api/admin/submissions/${k.submissionId}/return`, body: { comment: '请核实' } }),
  },
  'POST /api/admin/submissions/:id/accept': {
    roles: REV,
    req: (k) => ({ path: `/api/admin/submissions/${k.submissionId}/accept` }),
  },
  'GET /api/admin/rounds/:roundId/export/project.xlsx': {
    roles: R,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/export/project.xlsx?unitCode=${k.unit}` }),
  },
  'GET /api/admin/rounds/:roundId/export/department.xlsx': {
    roles: R,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/export/department.xlsx?unitCode=${k.unit}` }),
  },
  'GET /api/admin/rounds/:roundId/export/platform': {
    roles: R,
    req: (k) => ({
      path: `/api/admin/rounds/${k.roundId}/export/platform?layout=projectImport&includeSubmitted=1&unitCode=${k.unit}`,
    }),
  },
  'GET /api/admin/rounds/:roundId/export/answers.csv': {
    roles: R,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/export/answers.csv?form=disclosure&unitCode=${k.unit}` }),
  },
  'GET /api/admin/rounds/:roundId/units/:unitCode/template': {
    roles: R,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/units/${k.unit}/template?form=disclosure` }),
  },
  'GET /api/admin/rounds/:roundId/units/:unitCode': {
    roles: R,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/units/${k.unit}` }),
  },
  'GET /api/admin/rounds/:roundId/units/:unitCode/tables': {
    roles: R,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/units/${k.unit}/tables` }),
  },
  'GET /api/admin/rounds/:roundId/units/:unitCode/versions': {
    roles: R,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/units/${k.unit}/versions` }),
  },
  'GET /api/admin/rounds/:roundId/units/:unitCode/messages': {
    roles: R,
    req: (k) => ({ path: `/api/admin/rounds/${k.roundId}/units/${k.unit}/messages` }),
  },
  'GET /api/admin/audit': { roles: A, req: () => ({ path: '/api/admin/audit' }) },
  'POST /api/admin/notices': {
    roles: A,
    req: (k) => ({
      path: '/api/admin/notices',
      body: { title: `矩阵通知${k.n}`, body: '请查收', targets: { kind: 'units', codes: [k.unit] } },
    }),
  },
  'POST /api/admin/notices/preview': {
    roles: A,
    req: (k) => ({ path: '/api/admin/notices/preview', body: { targets: { kind: 'units', codes: [k.unit] } } }),
  },
  'POST /api/admin/notices/:id/follow-up': {
    roles: A,
    req: () => ({ path: `/api/admin/notices/${'0'.repeat(24)}/follow-up` }),
  },
  'GET /api/admin/notices': { roles: BUREAU, req: () => ({ path: '/api/admin/notices' }) },
  'GET /api/admin/notices/:id': { roles: BUREAU, req: () => ({ path: `/api/admin/notices/${'0'.repeat(24)}` }) },
  'GET /api/admin/calendar': { roles: BUREAU, req: () => ({ path: '/api/admin/calendar?year=2027' }) },
  'PUT /api/admin/calendar': {
    roles: A,
    req: () => ({ path: '/api/admin/calendar', body: { days: [{ date: '2027-10-01', work: false, name: '国庆节' }] } }),
  },
  'DELETE /api/admin/calendar/:date': { roles: A, req: () => ({ path: '/api/admin/calendar/2027-10-01' }) },
  'GET /api/admin/bindings': { roles: BUREAU, req: (k) => ({ path: `/api/admin/bindings?unitCode=${k.unit}` }) },
  'PUT /api/admin/bindings/:id/webhook': {
    roles: A,
    req: () => ({
      path: `/api/admin/bindings/${'0'.repeat(24)}/webhook`,
      body: { webhook: '693a91f6-7aaa-4bc4-97a0-0ec2a1fa5aaa' },
    }),
  },
  'GET /api/admin/bot': { roles: BUREAU, req: () => ({ path: '/api/admin/bot' }) },
  'GET /api/admin/outbox': { roles: BUREAU, req: () => ({ path: '/api/admin/outbox?state=dead' }) },
  'POST /api/admin/outbox/revive': {
    roles: A,
    req: () => ({ path: '/api/admin/outbox/revive', body: { keys: ['no-such-message'] } }),
  },
  'GET /api/openapi.json': { roles: 'public', req: () => ({ path: '/api/openapi.json' }) },
}

const CALLERS: Caller[] = ['anonymous', 'unit', 'bureau_viewer', 'dept_reviewer', 'bureau_admin']
// what of unit S2 must never reach a caller confined to S1 (the unit user) or to D1's units (the reviewer)
const OTHER_MARKERS = ['县人民医院', 'S2-P1', '"S2"']

describe('authorisation matrix: role × route × own unit / other unit', () => {
  let f: ApiFixture
  let tokens: Record<Caller, string | undefined>
  let keys: { own: Omit<Keys, 'n'>; other: Omit<Keys, 'n'> }
  let n = 0
  beforeAll(async () => {
    f = await apiFixture('authz', { loginPerMinute: 1000 })
    const roundId = await openRound(f)
    const ok = disclosure.answers
    const sub = (unitCode: string) =>
      f.c.services.submissions.submit({ roundId, unitCode, form: 'disclosure' }, ok, { by: 'seed', channel: 'admin' })
    const [s1, s2] = [await sub('S1'), await sub('S2')]
    keys = { own: { unit: 'S1', roundId, submissionId: s1.id }, other: { unit: 'S2', roundId, submissionId: s2.id } }
    tokens = {
      anonymous: undefined,
      unit: await f.unitUser('S1'),
      bureau_viewer: f.tokens.viewer,
      dept_reviewer: f.tokens.reviewer,
      bureau_admin: f.tokens.admin,
    }
  })
  afterAll(async () => f.close())

  async function call(method: string, e: Entry, who: Caller, k: Omit<Keys, 'n'>): Promise<request.Response> {
    const r = e.req({ ...k, n: ++n })
    let t = request(f.app.callback())[method.toLowerCase() as 'get'](r.path)
    const token = tokens[who]
    if (token) t = t.set('Authorization', `Bearer ${token}`)
    if (r.csv !== undefined) return t.set('Content-Type', 'text/csv').send(r.csv)
    if (r.xlsx !== undefined)
      return t.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(r.xlsx)
    return r.body === undefined ? t : t.send(r.body as object)
  }

  it('has an entry for every route of the router, and no stale entries', () => {
    const table = f.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`)
    expect(table.filter((k) => !MATRIX[k])).toEqual([])
    expect(Object.keys(MATRIX).filter((k) => !table.includes(k))).toEqual([])
  })

  it('allows exactly the listed roles on every route (401 anonymous, 403 other roles)', async () => {
    const wrong: string[] = []
    for (const r of f.routes) {
      const key = `${r.method.toUpperCase()} ${r.path}`
      const e = MATRIX[key]
      for (const who of CALLERS) {
        const res = await call(r.method, e, who, keys.own)
        const allowed = e.roles === 'public' || (who !== 'anonymous' && e.roles.includes(who))
        const expected = allowed ? 'not 401/403' : who === 'anonymous' ? 401 : 403
        const okay = allowed ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === expected
        if (!okay) wrong.push(`${key} as ${who}: ${res.status}, expected ${expected}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('never lets a unit user or a department reviewer read or write another unit', async () => {
    const leaks: string[] = []
    for (const r of f.routes) {
      const key = `${r.method.toUpperCase()} ${r.path}`
      const e = MATRIX[key]
      if (e.roles === 'public') continue
      for (const who of ['unit', 'dept_reviewer'] as const) {
        if (!e.roles.includes(who)) continue
        const res = await call(r.method, e, who, keys.other)
        const text = res.text ?? ''
        const markers = [...OTHER_MARKERS, keys.other.submissionId]
        const leaked =
          res.status < 300 && markers.some((m) => text.includes(m) || JSON.stringify(res.body ?? '').includes(m))
        const wroteOther = r.method !== 'get' && res.status < 300 && r.unitScoped !== 'self'
        if (leaked || wroteOther || res.status >= 500) leaks.push(`${key} as ${who} on S2: ${res.status}`)
      }
    }
    expect(leaks).toEqual([])
    // and S2's submission is untouched by everything above
    const s2 = await f.c.services.submissions.latest({
      roundId: keys.other.roundId,
      unitCode: 'S2',
      form: 'disclosure',
    })
    expect(s2).toMatchObject({ id: keys.other.submissionId, status: 'submitted', version: 1 })
  })

  it('lets the bureau reach every unit', async () => {
    for (const path of [
      `/api/admin/units/S2/timeliness?year=2027`,
      `/api/admin/submissions/${keys.other.submissionId}`,
      `/api/admin/rounds/${keys.other.roundId}/units/S2/progress`,
      `/api/admin/rounds/${keys.other.roundId}/units/S2/template?form=disclosure`,
    ]) {
      expect((await request(f.app.callback()).get(path).set('Authorization', `Bearer ${f.tokens.viewer}`)).status).toBe(
        200,
      )
    }
  })
})
