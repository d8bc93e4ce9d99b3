import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { adminTokenModel } from '../../src/db/models/admin-token.js'
import { hashToken } from '../../src/services/token-service.js'
import { tokenCommand } from '../../scripts/admin/token.js'
import { bindCodeCommand } from '../../scripts/admin/bind-code.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'

describe('admin CLI: token create/revoke and bind-code', () => {
  let f: ApiFixture
  let out: string[]
  const deps = () => ({ tokens: f.s.tokens, audit: f.s.audit, bindCodes: f.s.bindCodes, print: (l: string) => void out.push(l) })
  beforeAll(async () => {
    f = await apiFixture('admin_cli')
  })
  afterAll(async () => f.close())

  it('creates a token shown once and stored only as a hash; the token works until revoked', async () => {
    out = []
    expect(await tokenCommand(['create', '--name', '李审核', '--role', 'dept_reviewer', '--unit', 'D1'], deps())).toBe(0)
    const token = out[1]
    expect(token).toMatch(/^tb_[\w-]{40,}$/)
    const stored = await adminTokenModel(f.db).findOne({ name: '李审核' }).lean()
    expect(stored).toMatchObject({ role: 'dept_reviewer', unitCode: 'D1', hash: hashToken(token) })
    expect(JSON.stringify(stored)).not.toContain(token)
    const units = await request(f.app.callback()).get('/api/admin/units').set('Authorization', `Bearer ${token}`)
    expect(units.body.units.map((u: { code: string }) => u.code)).toEqual(['S1'])
    expect(await tokenCommand(['revoke', '--name', '李审核'], deps())).toBe(0)
    expect((await request(f.app.callback()).get('/api/admin/units').set('Authorization', `Bearer ${token}`)).status).toBe(401)
  })

  it('refuses a bad role, and a department reviewer without a department', async () => {
    out = []
    expect(await tokenCommand(['create', '--name', 'x', '--role', 'root'], deps())).toBe(2)
    await expect(tokenCommand(['create', '--name', 'x', '--role', 'dept_reviewer', '--unit', 'S1'], deps())).rejects.toMatchObject({ status: 400 })
  })

  it('prints a unit bind code and rotates it', async () => {
    out = []
    expect(await bindCodeCommand(['S1'], deps())).toBe(0)
    const first = out[0].split(': ')[1]
    expect(await bindCodeCommand(['S1'], deps())).toBe(0)
    expect(out[2]).toBe(`S1: ${first}`)
    expect(await bindCodeCommand(['S1', '--rotate'], deps())).toBe(0)
    expect(out[4]).not.toBe(`S1: ${first}`)
    await expect(bindCodeCommand(['NOPE'], deps())).rejects.toMatchObject({ status: 404 })
  })
})
