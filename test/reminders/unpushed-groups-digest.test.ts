import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DateTime } from 'luxon'
import type { Connection } from 'mongoose'
import { bindingModel } from '../../src/db/models/binding.js'
import { managerModel } from '../../src/db/models/manager.js'
import { roundModel } from '../../src/db/models/round.js'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { unitModel } from '../../src/db/models/unit.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { testContainer } from '../support/container.js'
import { seedOneUnitRound } from './support/one-unit-round.js'

const at = (s: string) => DateTime.fromISO(s, { zone: 'Asia/Shanghai' }).toJSDate()
const LINE =
  '2 个企业微信群未设置推送地址：示例县卫健局的群、财政局群（在群里 @机器人 推送地址 <地址>），发往这些群的提醒和通知暂未送达。'

/**
 * U1 (示例县教育局, a WeChat group) is overdue on 2027-07-13, the 2nd working day after its Saturday
 * deadline, so the managers' digests go out. Besides it the county has WeCom groups: U2's own group and the
 * bureau's group without a push address, a shared group with one, and an unbound one without — the
 * whole-county digest names the first two, a department manager's digest does not.
 */
describe('the digest tells the bureau which WeCom groups have no push address', () => {
  let db: Connection
  let c: ReturnType<typeof testContainer>

  beforeAll(async () => {
    db = await openTestDb('unpushed_groups_digest')
    c = testContainer(db, at('2027-07-13T09:00'))
    for (const m of [unitModel(db), bindingModel(db), roundModel(db), roundUnitModel(db), c.outbox.model])
      await m.init()
    await seedOneUnitRound(db, { title: '2027年1-6月', endMonth: 6, due: '2027-07-10' })
    await unitModel(db).create({
      code: 'U2',
      name: '示例县卫健局',
      kind: 'department',
      tags: [],
      contacts: [],
      indicators: [],
    })
    const boundAt = new Date('2027-07-01T00:00:00Z')
    await bindingModel(db).create([
      { kind: 'unit-room', account: 'wecom', roomId: 'wrU2', roomTopic: '', unitCode: 'U2', boundAt, active: true },
      { kind: 'bureau-room', account: 'wecom', roomId: 'wrB', boundAt: new Date(+boundAt + 1000), active: true },
      { kind: 'shared-room', account: 'wecom', roomId: 'wrS', webhookKey: 'k-0001', boundAt, active: true },
      { kind: 'unit-room', account: 'wecom', roomId: 'wrOld', unitCode: 'U2', boundAt, active: false },
    ])
    await managerModel(db).create([
      { name: '王副县长', email: 'wang@example.org', scope: { kind: 'all' } },
      { name: '李科长', email: 'li@example.org', scope: { kind: 'department', code: 'U1' } },
    ])
  })
  afterAll(async () => closeTestDb(db))

  it('one line in the whole-county digest, only there', async () => {
    const r = await c.chase.digests.send()
    expect(r.managerDigests).toBe(2)
    const mails = await c.outbox.model.find({ 'target.channel': 'email' }, { target: 1, text: 1, html: 1 }).lean()
    const to = (email: string) => mails.find((m) => (m.target as { to: string[] }).to.includes(email))
    expect(to('wang@example.org')?.text).toContain(LINE)
    expect(to('wang@example.org')?.html).toContain('示例县卫健局的群、财政局群（在群里 @机器人 推送地址 &lt;地址&gt;）')
    expect(to('li@example.org')?.text).toContain('示例县教育局')
    expect(to('li@example.org')?.text).not.toContain('推送地址')
  })

  it('no line when every WeCom group has its push address', async () => {
    await bindingModel(db).updateMany({ account: 'wecom' }, { $set: { webhookKey: 'k-0002' } })
    c.clock.set(at('2027-07-14T09:00'))
    await c.chase.digests.send()
    const mail = await c.outbox.model.findOne({ key: /wang@example.org:2027-07-14/ }, { text: 1 }).lean()
    expect(mail?.text).toContain('示例县教育局')
    expect(mail?.text).not.toContain('推送地址')
  })
})
