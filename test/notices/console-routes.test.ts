import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { noticeModel } from '../../src/db/models/notice.js'
import type { ApiFixture } from '../http/support/api-fixture.js'
import { noticeCounty } from './support/notice-county.js'

/**
 * The routes the console's notices page adds: the preview before sending, the acknowledged count and
 * time zone in the list, and 再次提醒 to the silent units. Same small county as admin-routes.test.ts:
 * D1 and T1 have their own groups, S1's member sits in a shared group, D2 and S2 have no group.
 */
describe('admin API: notice preview and 再次提醒', () => {
  let f: ApiFixture
  const post = (path: string, body?: object, token = f.tokens.admin) => {
    const r = request(f.app.callback()).post(path).set('Authorization', `Bearer ${token}`)
    return body ? r.send(body) : r
  }
  const get = (path: string) => request(f.app.callback()).get(path).set('Authorization', `Bearer ${f.tokens.viewer}`)

  beforeAll(async () => {
    f = await noticeCounty('notice_console_api')
  })
  afterAll(async () => f.close())

  it('previews the groups and the units without a group, storing and sending nothing', async () => {
    const res = await post('/api/admin/notices/preview', { targets: { kind: 'all' } })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      targets: '全部单位',
      units: 5,
      groups: 3,
      noGroup: [
        { unitCode: 'D2', unitName: '县卫生健康局' },
        { unitCode: 'S2', unitName: '县人民医院' },
      ],
      timezone: f.c.config.timezone,
    })
    const picked = await post('/api/admin/notices/preview', { targets: { kind: 'units', codes: ['S2', 'T1'] } })
    expect(picked.body).toMatchObject({ units: 2, groups: 1, noGroup: [{ unitCode: 'S2' }] })
    expect(await noticeModel(f.db).countDocuments()).toBe(0)
    expect(await f.c.outbox.model.countDocuments({ key: /^notice/ })).toBe(0)
    // the same numbers as the notice then sent
    const sent = await post('/api/admin/notices', { title: '预览后发送', body: '正文', targets: { kind: 'all' } })
    expect(sent.body).toMatchObject({ units: 5, groups: 3, noGroup: res.body.noGroup })
  })

  it('refuses a preview that reaches no unit, a bad target and a viewer', async () => {
    const none = await post('/api/admin/notices/preview', { targets: { kind: 'tag', tag: '不存在' } })
    expect(none.status).toBe(422)
    expect(none.body.error.message).toBe('没有符合条件的单位（标签「不存在」）')
    expect((await post('/api/admin/notices/preview', { targets: { kind: 'everyone' } })).status).toBe(400)
    const viewer = await post('/api/admin/notices/preview', { targets: { kind: 'all' } }, f.tokens.viewer)
    expect(viewer.status).toBe(403)
  })

  it('lists the acknowledged count and the time zone; 再次提醒 reaches only the silent units, each time asked', async () => {
    const res = await post('/api/admin/notices', { title: '再次提醒测试', body: '正文', targets: { kind: 'all' } })
    const id = res.body.id as string
    await f.c.outbox.model.updateMany(
      { key: /^notice:/, 'meta.noticeId': id },
      { $set: { state: 'sent', sentAt: f.c.clock.now() } },
    )
    f.c.clock.advance(60_000)
    await f.c.notices.acks.handle('R-D1', { id: 'm-d1', name: '教体局会计' }, '收到', async () => false)

    const list = (await get('/api/admin/notices')).body
    expect(list.timezone).toBe(f.c.config.timezone)
    expect(list.notices.find((n: { id: string }) => n.id === id)).toMatchObject({
      acknowledged: 1,
      units: 5,
      groups: 3,
    })
    expect((await get(`/api/admin/notices/${id}`)).body.timezone).toBe(f.c.config.timezone)

    const first = await post(`/api/admin/notices/${id}/follow-up`)
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ groups: 2, units: 2, message: '已向 2 个群发送提醒，涉及 2 个未回复单位。' })
    const keys = async () =>
      (await f.c.outbox.model.find({ key: new RegExp(`^notice-follow-up:${id}:`) }).lean()).map((m) => m.key).sort()
    const once = await keys()
    expect(once.map((k) => k.split(':')[2])).toEqual(['R-SH', 'R-T1'])

    f.c.clock.advance(60_000)
    expect((await post(`/api/admin/notices/${id}/follow-up`)).body.groups).toBe(2)
    expect(await keys()).toHaveLength(4)
  })

  it('refuses 再次提醒 for an unknown notice, one that asks no reply, and a viewer', async () => {
    expect((await post(`/api/admin/notices/${'0'.repeat(24)}/follow-up`)).status).toBe(404)
    const quiet = await post('/api/admin/notices', {
      title: '无需回复',
      body: '正文',
      targets: { kind: 'all' },
      ackRequired: false,
    })
    const refused = await post(`/api/admin/notices/${quiet.body.id}/follow-up`)
    expect(refused.status).toBe(422)
    expect(refused.body.error.message).toBe('该通知不要求回复，无需提醒')
    expect((await post(`/api/admin/notices/${quiet.body.id}/follow-up`, undefined, f.tokens.viewer)).status).toBe(403)
  })
})
