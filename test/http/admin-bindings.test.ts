import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { bindingModel } from '../../src/db/models/binding.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'

const KEY = '693a91f6-7aaa-4bc4-97a0-0ec2a1fa5aaa'
const URL_OF = (key: string) => `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`

/**
 * The bureau sets a WeCom group's push address (its group robot's webhook key) through the admin API:
 * bureau_admin only, the key never in an answer or the audit log in full, a wrong shape refused.
 */
describe('admin: a WeCom group’s push address (PUT /api/admin/bindings/:id/webhook)', () => {
  let f: ApiFixture
  let wecomId: string
  let wechatId: string
  const api = () => request(f.app.callback())
  const as = (token: string) => `Bearer ${token}`

  beforeAll(async () => {
    f = await apiFixture('admin_bindings')
    const made = await bindingModel(f.c.conn).create([
      { kind: 'unit-room', account: 'wecom', roomId: 'wrS1', roomTopic: '', unitCode: 'S1', boundAt: new Date() },
      { kind: 'unit-room', account: 'default', roomId: 'R-S2', roomTopic: 'S2群', unitCode: 'S2', boundAt: new Date() },
    ])
    ;[wecomId, wechatId] = made.map((b) => String(b._id))
  })
  afterAll(async () => f.close())

  it('bureau_admin sets it from the full address; the answer, the list and the audit show it masked', async () => {
    const res = await api()
      .put(`/api/admin/bindings/${wecomId}/webhook`)
      .set('Authorization', as(f.tokens.admin))
      .send({ webhook: URL_OF(KEY) })
      .expect(200)
    expect(res.body.binding).toMatchObject({ id: wecomId, unitCode: 'S1', webhookKey: '693a…5aaa' })
    expect(res.text).not.toContain(KEY)
    const stored = await bindingModel(f.c.conn).findById(wecomId).lean()
    expect(stored?.webhookKey).toBe(KEY)

    const list = await api().get('/api/admin/bindings').set('Authorization', as(f.tokens.viewer)).expect(200)
    expect(list.text).not.toContain(KEY)
    expect(list.body.bindings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: wecomId, webhookKey: '693a…5aaa', webhookMissing: false }),
        expect.objectContaining({ id: wechatId, webhookMissing: false }),
      ]),
    )

    const audit = await f.c.api.audit.list({ limit: 50 })
    const entries = audit.filter((e) => e.action === 'PUT /api/admin/bindings/:id/webhook')
    expect(entries).toEqual([
      expect.objectContaining({ actor: 'admin:admin', status: 200, target: expect.objectContaining({ id: wecomId }) }),
    ])
    expect(JSON.stringify(entries)).not.toContain(KEY)
  })

  it('refuses other roles (403) and anonymous callers (401), changing nothing', async () => {
    const other = '11111111-2222-3333-4444-555555555555'
    for (const token of [f.tokens.viewer, f.tokens.reviewer, await f.unitUser('S1')])
      await api()
        .put(`/api/admin/bindings/${wecomId}/webhook`)
        .set('Authorization', as(token))
        .send({ webhook: other })
        .expect(403)
    await api().put(`/api/admin/bindings/${wecomId}/webhook`).send({ webhook: other }).expect(401)
    expect((await bindingModel(f.c.conn).findById(wecomId).lean())?.webhookKey).not.toBe(other)
  })

  it('refuses a wrong shape, another host and a WeChat group (422), and an unknown binding (404)', async () => {
    const put = (id: string, webhook: string) =>
      api().put(`/api/admin/bindings/${id}/webhook`).set('Authorization', as(f.tokens.admin)).send({ webhook })
    await put(wecomId, 'not-a-key').expect(422)
    await put(wecomId, `https://evil.example.com/cgi-bin/webhook/send?key=${KEY}`).expect(422)
    await put(wechatId, KEY).expect(422)
    await put('0'.repeat(24), KEY).expect(404)
  })
})
