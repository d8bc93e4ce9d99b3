import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { openTestDb, closeTestDb } from '../support/db.js'
import { runChat, startChat } from '../support/chat-script.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { botStateModel } from '../../src/db/models/bot-state.js'
import { bindingModel } from '../../src/db/models/binding.js'
import { PRIORITY } from '../../src/outbox/message.js'
import { testContainer } from '../support/container.js'
import { waitFor } from '../outbox/support/wait-for.js'

describe('npm run chat (terminal simulator)', () => {
  let db: Connection
  beforeAll(async () => {
    db = await openTestDb('chat_sim')
    await seedBotWorld(db, ['U1'])
  })
  afterAll(async () => closeTestDb(db))

  it('fed by a pipe, prints the bot replies in order and exits after EOF', async () => {
    const { code, out } = await runChat(
      db.name,
      ['--unit', 'U1', '--as', '张丽'],
      '进度\n填报\n20万 35万\n15万 30万\n5万 5万\n已养护道路60公里\n',
    )
    expect(code).toBe(0)
    const bot = out.split('\n').filter((l) => l.startsWith('机器人>'))
    expect(bot[0]).toContain('2027年1-6月绩效运行监控')
    expect(out).toContain('项目支出绩效目标执行监控表：未填报')
    expect(out.indexOf('项目 1/1：乡村道路养护')).toBeGreaterThan(out.indexOf('未填报'))
    expect(out).toContain('请回复以下 3 项') // the partial block: one message asks for the rest
    expect(out.indexOf('已记录')).toBeGreaterThan(out.indexOf('项目 1/1'))
    // the simulator's mock login is not the service's bot: /readyz and /bot/qrcode never see it
    expect(await botStateModel(db).countDocuments()).toBe(0)
  }, 90_000)

  it('prints what arrives on its own too — here a return notice from the bureau — marked by kind, in order', async () => {
    const s = startChat(db.name, ['--unit', 'U1', '--as', '李会计'])
    try {
      s.child.stdin.write('进度\n')
      // a spawned tsx process: its start is bounded generously (a shared CI machine under load takes long)
      await waitFor(() => s.out.includes('机器人> '), 'the reply to 进度', 60_000)
      const binding = await bindingModel(db).findOne({ unitCode: 'U1', boundBy: 'simulator', active: true }).lean()
      expect(binding?.roomId).toBeDefined()
      const c = testContainer(db)
      await c.outbox.enqueue({
        key: 'return:sim:U1:project',
        target: { channel: 'wechat', roomId: binding!.roomId, roomTopic: binding!.roomTopic },
        text: '《项目支出绩效目标执行监控表》被退回：请补充偏差原因。',
        priority: PRIORITY.reminder,
        meta: { kind: 'return', unitCodes: ['U1'] },
      })
      await waitFor(
        () => s.out.includes('机器人（退回）> 《项目支出绩效目标执行监控表》被退回'),
        'the return notice printed',
        30_000,
      )
      s.child.stdin.end('帮助\n')
      expect(await s.exited).toBe(0)
      const printed = s.out.split('\n').filter((l) => l.startsWith('机器人'))
      // the reply to 进度, the return notice as it arrived, then the reply to 帮助 — nothing twice
      expect(printed.filter((l) => l.startsWith('机器人（退回）>'))).toHaveLength(1)
      expect(s.out.indexOf('机器人（退回）>')).toBeGreaterThan(s.out.indexOf('李会计> 进度'))
      expect(s.out.indexOf('机器人（退回）>')).toBeLessThan(s.out.indexOf('李会计> 帮助'))
      expect(printed.length).toBeGreaterThanOrEqual(3)
    } finally {
      s.child.kill('SIGKILL')
    }
  }, 120_000)

  it('refuses to start without a known unit', async () => {
    const { code, out } = await runChat(db.name, ['--unit', 'NOPE'], '')
    expect(code).toBe(2)
    expect(out).toContain('no unit NOPE')
  }, 60_000)
})
