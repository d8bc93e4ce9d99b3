import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { unitModel } from '../../src/db/models/unit.js'
import { outboxModel } from '../../src/db/models/outbox-message.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'

/**
 * The routes behind the console's 运维/数据 pages: the directory import's dry run (what would change, or
 * every bad row, and nothing written), dead outbox messages and sending chosen ones again.
 */
describe('console ops routes: directory import preview, dead outbox messages', () => {
  let f: ApiFixture
  let admin: string
  beforeAll(async () => {
    f = await apiFixture('console_ops_routes')
    admin = `Bearer ${f.tokens.admin}`
  })
  afterAll(async () => f.close())

  const preview = (csv: string) =>
    request(f.app.callback())
      .post('/api/admin/units/import/preview')
      .set('Authorization', admin)
      .set('Content-Type', 'text/csv')
      .send(csv)

  it('previews added units and changed fields (before → after) without writing anything', async () => {
    const before = await unitModel(f.db).find().lean()
    const res = await preview(
      [
        '单位代码,单位名称,单位类型,主管部门代码,标签',
        'D1,县教育体育局,主管部门,,', // unchanged
        'S1,县第一高级中学,二级单位,D1,示范校', // renamed and tagged
        'S7,县第二中学,二级单位,D1,', // new
      ].join('\n'),
    )
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      rows: 3,
      added: [{ row: 4, code: 'S7', name: '县第二中学', kind: 'secondary', parentCode: 'D1' }],
      changed: [
        {
          row: 3,
          code: 'S1',
          name: '县第一高级中学',
          fields: [
            { field: '单位名称', before: '县第一中学', after: '县第一高级中学' },
            { field: '标签', before: '', after: '示范校' },
          ],
        },
      ],
      unchanged: 1,
      errors: [],
    })
    expect(await unitModel(f.db).find().lean()).toEqual(before)
  })

  it('lists every bad row of a file that could not be imported, as data', async () => {
    const res = await preview(
      ['单位代码,单位名称,单位类型,主管部门代码', 'S8,,二级单位,D1', 'S9,县水文站,二级单位,'].join('\n'),
    )
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      added: [],
      changed: [],
      errors: [
        { row: 2, messages: ['单位名称：必填'] },
        { row: 3, messages: ['主管部门代码：二级单位必须填写'] },
      ],
    })
  })

  it('shows each bot account’s state (who it is logged in as), never its QR code', async () => {
    await f.c.chat.botStates.save('default', 'waiting-for-scan', { qr: 'https://login.weixin.qq.com/l/secret' })
    await f.c.chat.botStates.save('second', 'logged-in', { userName: '填报助手' })
    const res = await request(f.app.callback()).get('/api/admin/bot').set('Authorization', `Bearer ${f.tokens.viewer}`)
    expect(res.status).toBe(200)
    expect(res.body.accounts).toEqual([
      { account: 'default', status: 'waiting-for-scan', updatedAt: expect.any(String) },
      { account: 'second', status: 'logged-in', userName: '填报助手', updatedAt: expect.any(String) },
    ])
    expect(res.text).not.toContain('secret')
  })

  it('lists dead messages and revives the chosen ones as pending with a fresh retry budget', async () => {
    for (const key of ['ops:dead:1', 'ops:dead:2', 'ops:pending:3'])
      await f.c.outbox.enqueue({
        key,
        target: { channel: 'email', to: ['finance@unit.example'] },
        text: `催报：请于本周内报送。${'很长的正文'.repeat(30)}`,
        subject: '催报',
        priority: 2,
      })
    await outboxModel(f.db).updateMany(
      { key: { $in: ['ops:dead:1', 'ops:dead:2'] } },
      { $set: { state: 'dead', attempts: 5, lastError: '451 mailbox busy' } },
    )
    const list = await request(f.app.callback())
      .get('/api/admin/outbox?state=dead')
      .set('Authorization', `Bearer ${f.tokens.viewer}`)
    expect(list.status).toBe(200)
    expect(list.body.messages.map((m: { key: string }) => m.key).sort()).toEqual(['ops:dead:1', 'ops:dead:2'])
    expect(list.body.messages[0]).toMatchObject({
      channel: 'email',
      recipient: 'finance@unit.example',
      attempts: 5,
      lastError: '451 mailbox busy',
    })
    expect(list.body.messages[0].excerpt).toMatch(/^催报：请于本周内报送。.*…$/)
    expect(list.body.messages[0].excerpt.length).toBeLessThanOrEqual(81)

    const revive = await request(f.app.callback())
      .post('/api/admin/outbox/revive')
      .set('Authorization', admin)
      .send({ keys: ['ops:dead:1', 'ops:pending:3'] })
    expect(revive.status).toBe(200)
    expect(revive.body).toEqual({ revived: 1, notRevived: 1 })
    expect(await f.c.outbox.findByKey('ops:dead:1')).toMatchObject({ state: 'pending', attempts: 0 })
    expect(await f.c.outbox.findByKey('ops:dead:2')).toMatchObject({ state: 'dead' })
  })
})
