import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Connection } from 'mongoose'
import type { OffsetClock } from '../../src/clock.js'
import type { DeliveryWorker } from '../../src/outbox/delivery-worker.js'
import { waitFor } from '../../fixtures/wait-for.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { startWebhookWorker, startWecomWorld, type WecomWorld } from './wecom-support.js'

/** inside the seeded round (due 2027-07-10), 09:00 in the county */
const START = '2027-07-01T01:00:00Z'
/** 09:00 on 2027-07-07: the round's "3 days before" reminder slot is open */
const REMINDER_DAY = '2027-07-07T01:00:00Z'
const key = (n: number) => `${String(n).padStart(8, '0')}-7aaa-4bc4-97a0-0ec2a1fa5aaa`
const address = (k: string) => `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${k}`

/**
 * Proactive messages to WeCom groups, end to end over real HTTP: the 智能机器人 callback (bind, 推送地址)
 * against the fake WeCom, the reminder sweep and notices queueing through the outbox, the worker's
 * group-robot delivery posting to the fake's `cgi-bin/webhook/send?key=…`, which accepts only the keys
 * of robots a group added and records `mentioned_list` / `mentioned_mobile_list`.
 */
describe('WeCom groups: reminders and notices through the group’s robot webhook', () => {
  let db: Connection
  let w: WecomWorld
  let worker: DeliveryWorker
  const say = async (userid: string, chatid: string, text: string) => {
    const r = await w.fake.say(w.url, { userid, chatid, text: `@填报助手 ${text}` })
    expect(r.status).toBe(200)
    return r.reply?.stream?.content ?? ''
  }
  const sentWith = (k: string) => w.fake.webhookSends.filter((s) => s.key === k)

  beforeAll(async () => {
    db = await openTestDb('wecom_group_webhook')
    await seedBotWorld(db, ['U1', 'U2', 'U3', 'U4', 'U5'])
    w = await startWecomWorld(db, START)
    worker = startWebhookWorker(w.c)
  })
  afterAll(async () => {
    await worker?.stop()
    await w?.close()
    await closeTestDb(db)
  })

  it('a due reminder goes to each group’s robot with its key: @ the finance contact by mobile in a unit group, the bound members by userid in a shared group', async () => {
    // U1's own group
    expect(await say('zhangsan', 'wrU1', '绑定 BINDU1')).toContain('本群已绑定「测试县第1局」')
    w.fake.addRobot(key(1))
    const set = await say('zhangsan', 'wrU1', `推送地址 ${address(key(1))}`)
    expect(set).toContain('已设置本群的推送地址')
    expect(set).not.toContain(key(1))
    // a shared county group: U2's and U3's clerks bound themselves there
    await say('bureau1', 'wrShared', '绑定 共享群')
    await say('li2', 'wrShared', '绑定 BINDU2')
    await say('li3', 'wrShared', '绑定 BINDU3')
    w.fake.addRobot(key(2))
    expect(await say('li2', 'wrShared', `推送地址 ${key(2)}`)).toContain('已设置本群的推送地址')

    const clock = w.c.clock as OffsetClock
    clock.set(new Date(REMINDER_DAY))
    try {
      expect((await w.c.chase.reminders.sweep()).enqueued).toBeGreaterThan(0)
      // sent while the county's clock stands on the reminder day (the messages are due from then)
      await waitFor(() => sentWith(key(1)).length >= 1 && sentWith(key(2)).length >= 1, 'both robots posted')
    } finally {
      clock.set(new Date(START))
    }
    const own = sentWith(key(1))
    expect(own).toHaveLength(1)
    expect(own[0].content).toContain('测试县第1局')
    expect(own[0].content).toContain('项目支出')
    expect(own[0].mentioned_mobile_list).toEqual(['13900000000'])
    const shared = sentWith(key(2))
    expect(shared).toHaveLength(1)
    expect(shared[0].content).toContain('测试县第2局')
    expect(shared[0].content).toContain('测试县第3局')
    expect([...(shared[0].mentioned_list ?? [])].sort()).toEqual(['li2', 'li3'])
    expect(w.fake.refusedKeys).toEqual([])
  })

  it('a notice to a WeCom group without a push address waits (dead, with the reason) and goes out once 推送地址 is set', async () => {
    await say('wang4', 'wrU4', '绑定 BINDU4')
    const n = await w.c.notices.broadcast.create(
      { title: '关于报送监控表的通知', body: '请按时填报。', targets: { kind: 'units', codes: ['U4'] } },
      { kind: 'admin', name: 'test' },
    )
    expect(n).toMatchObject({ units: 1, groups: 1 })
    const queued = await w.c.outbox.findByKey(`notice:${n.id}:wrU4`)
    expect(queued).toMatchObject({ channel: 'wecom', state: 'dead' })
    expect(queued?.lastError).toContain('推送地址')
    // `outbox revive` leaves it: without a key it would only die again
    expect(await w.c.outbox.revive([`notice:${n.id}:wrU4`])).toBe(0)

    w.fake.addRobot(key(4))
    const set = await say('wang4', 'wrU4', `推送地址 ${address(key(4))}`)
    expect(set).toContain('此前未能送达的 1 条消息现在补发')
    await waitFor(() => sentWith(key(4)).length >= 1, 'the notice posted')
    expect(sentWith(key(4))[0].content).toContain('【通知】关于报送监控表的通知')
    await waitFor(async () => (await w.c.outbox.findByKey(`notice:${n.id}:wrU4`))?.state === 'sent', 'marked sent')
  })

  it('催报 from a WeCom bureau group reaches the unit’s WeCom group through its robot', async () => {
    await say('ju1', 'wrBureau', '绑定 BUREAU2027')
    await say('zhou5', 'wrU5', '绑定 BINDU5')
    w.fake.addRobot(key(5))
    await say('zhou5', 'wrU5', `推送地址 ${key(5)}`)
    expect(await say('ju1', 'wrBureau', '催报 U5')).toContain('已向「测试县第5局」工作群发送催报')
    await waitFor(() => sentWith(key(5)).length >= 1, 'the 催报 posted')
    expect(sentWith(key(5))[0].content).toMatch(/^【催报】测试县第5局：/)
  })
})
