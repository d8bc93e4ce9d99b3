import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import type { ApiFixture } from '../http/support/api-fixture.js'
import { noticeCounty } from './support/notice-county.js'

/**
 * The admin API for notices on the small seeded county (D1 ← S1, D2 ← S2, T1 township): D1 and T1
 * have their own groups, S1's member sits in a shared group, D2 and S2 have no group.
 */
describe('admin API: POST /api/admin/notices and GET /api/admin/notices/:id', () => {
  let f: ApiFixture
  const post = (body: object, token = f.tokens.admin) =>
    request(f.app.callback()).post('/api/admin/notices').set('Authorization', `Bearer ${token}`).send(body)
  const get = (path: string, token = f.tokens.viewer) =>
    request(f.app.callback()).get(path).set('Authorization', `Bearer ${token}`)

  beforeAll(async () => {
    f = await noticeCounty('notice_api')
  })
  afterAll(async () => f.close())

  it('queues one outbox message per group with the notice priority, and lists units without a group', async () => {
    const res = await post({
      title: '关于报送2027年1-6月绩效运行监控表的通知',
      body: '请于7月10日前报送。',
      targets: { kind: 'all' },
      followUpAfterMinutes: 120,
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      title: '关于报送2027年1-6月绩效运行监控表的通知',
      targets: '全部单位',
      units: 5,
      groups: 3,
      status: 'queued',
    })
    expect(res.body.noGroup).toEqual([
      { unitCode: 'D2', unitName: '县卫生健康局' },
      { unitCode: 'S2', unitName: '县人民医院' },
    ])
    const msgs = await f.c.outbox.model.find({ 'meta.noticeId': res.body.id }).sort({ key: 1 }).lean()
    expect(msgs.map((m) => m.key)).toEqual(['R-D1', 'R-SH', 'R-T1'].map((r) => `notice:${res.body.id}:${r}`))
    expect(msgs.every((m) => m.priority === 2 && m.state === 'pending')).toBe(true)
    expect(msgs.find((m) => m.key.endsWith('R-SH'))?.target).toMatchObject({
      roomId: 'R-SH',
      mentions: [{ id: 'm-s1', name: '一中会计' }],
    })

    const status = await get(`/api/admin/notices/${res.body.id}`)
    expect(status.status).toBe(200)
    expect(status.body.counts).toEqual({
      units: 5,
      groups: 3,
      delivered: 0,
      pending: 3,
      failed: 0,
      noGroup: 2,
      acknowledged: 0,
      notAcknowledged: 0,
    })
    // the worker delivers D1 and S1's shared group; T1's send failed
    await f.c.outbox.model.updateMany(
      { key: { $in: [`notice:${res.body.id}:R-D1`, `notice:${res.body.id}:R-SH`] } },
      { $set: { state: 'sent', sentAt: f.c.clock.now() } },
    )
    await f.c.outbox.model.updateOne(
      { key: `notice:${res.body.id}:R-T1` },
      { $set: { state: 'dead', lastError: '发送消息过于频繁' } },
    )
    f.c.clock.advance(60_000)
    const ack = await f.c.notices.acks.handle('R-SH', { id: 'm-s1', name: '一中会计' }, '收到', async () => false)
    expect(ack).toMatchObject({ kind: 'ack', recorded: ['S1'] })
    const after = (await get(`/api/admin/notices/${res.body.id}`)).body
    expect(after.counts).toEqual({
      units: 5,
      groups: 3,
      delivered: 2,
      pending: 0,
      failed: 1,
      noGroup: 2,
      acknowledged: 1,
      notAcknowledged: 1,
    })
    expect(
      after.units.map((u: { unitCode: string; unitName: string; delivery: string; acknowledged: boolean }) => [
        u.unitCode,
        u.unitName,
        u.delivery,
        u.acknowledged,
      ]),
    ).toEqual([
      ['D1', '县教育体育局', 'sent', false],
      ['D2', '县卫生健康局', 'no-group', false],
      ['S1', '县第一中学', 'sent', true],
      ['S2', '县人民医院', 'no-group', false],
      ['T1', '城关镇', 'failed', false],
    ])
    expect(after.units[2]).toMatchObject({ ackBy: '一中会计', roomTopic: '部门绩效工作群' })
    expect(after.units[4].error).toBe('发送消息过于频繁')
    expect((await get('/api/admin/notices')).body.notices.map((n: { id: string }) => n.id)).toContain(res.body.id)
  })

  it('schedules a notice: the outbox message waits until sendAt; targets townships, departments, a tag, unit codes', async () => {
    const sendAt = new Date(f.c.clock.now().getTime() + 3 * 3600_000)
    const res = await post({
      title: '关于召开培训会的通知',
      body: '周一9点。',
      targets: { kind: 'townships' },
      sendAt: sendAt.toISOString(),
      ackRequired: false,
    })
    expect(res.body).toMatchObject({ units: 1, groups: 1, noGroup: [] })
    const msg = await f.c.outbox.findByKey(`notice:${res.body.id}:R-T1`)
    expect(msg?.dueAt.toISOString()).toBe(sendAt.toISOString())
    expect(msg?.text).not.toContain('回复')
    expect((await post({ title: '部门通知', body: '正文', targets: { kind: 'departments' } })).body).toMatchObject({
      units: 4,
    })
    expect(
      (await post({ title: '指定单位', body: '正文', targets: { kind: 'units', codes: ['S2', 'T1'] } })).body,
    ).toMatchObject({ units: 2, groups: 1 })
    expect((await post({ title: '乡镇标签', body: '正文', targets: { kind: 'tag', tag: '乡镇' } })).body).toMatchObject(
      { units: 1 },
    )
  })

  it('refuses bad input, unknown targets, other roles and unknown ids', async () => {
    expect((await post({ title: '无对象', body: '正文', targets: { kind: 'tag', tag: '不存在' } })).status).toBe(422)
    expect((await post({ title: '坏对象', body: '正文', targets: { kind: 'everyone' } })).status).toBe(400)
    expect((await post({ title: '缺正文', targets: { kind: 'all' } })).status).toBe(400)
    expect((await post({ title: '坏时间', body: '正文', targets: { kind: 'all' }, sendAt: '明天' })).status).toBe(400)
    expect((await post({ title: '只读', body: '正文', targets: { kind: 'all' } }, f.tokens.viewer)).status).toBe(403)
    expect((await get(`/api/admin/notices/${'0'.repeat(24)}`)).status).toBe(404)
    expect((await get(`/api/admin/notices/${'0'.repeat(24)}`, f.tokens.reviewer)).status).toBe(403)
  })
})
