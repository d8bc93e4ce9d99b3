import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import type { Connection } from 'mongoose'
import { OffsetClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { buildContainer, type Container } from '../../src/container.js'
import { createLogger } from '../../src/logger.js'
import { PRIORITY } from '../../src/outbox/message.js'
import { startDingTalkChannel, type DingTalkChannel } from '../../src/channels/dingtalk/start-dingtalk-channel.js'
import { FakeDingTalk } from '../../fixtures/fake-dingtalk.js'
import { waitFor } from '../../fixtures/wait-for.js'
import type { ChatCore } from '../../src/chat/chat-core.js'
import type { InboundMessage } from '../../src/chat/inbound-message.js'
import type { JournalPort } from '../../src/chat/ports.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { seedBotWorld } from '../support/bot-fixtures.js'

/** The chat core, noting each message it is asked to handle. */
function countingCore(core: ChatCore, handled: InboundMessage[]): ChatCore {
  return new Proxy(core, {
    get(target, prop, receiver) {
      if (prop === 'handle')
        return (msg: InboundMessage, ...rest: [Parameters<ChatCore['handle']>[1]]) => {
          handled.push(msg)
          return target.handle(msg, ...rest)
        }
      const v: unknown = Reflect.get(target, prop, receiver)
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}

/** The journal, its record failing while `fails()` says so. */
function failingJournal(journal: JournalPort, fails: () => boolean): JournalPort {
  return {
    record: async (e) => {
      if (fails()) throw new Error('database away')
      return journal.record(e)
    },
    claimOrphan: (a, inFlight) => journal.claimOrphan(a, inFlight),
    done: (a, id) => journal.done(a, id),
    failed: (a, id, error) => journal.failed(a, id, error),
  }
}

/** The robot of the fake platform, its chat core on a test database (the clock inside the seeded round). */
describe('DingTalk robot in Stream mode (against the fake DingTalk)', () => {
  let db: Connection
  let c: Container
  let fake: FakeDingTalk
  let channel: DingTalkChannel
  /** how many journal writes are still to fail (the database away) */
  let failRecords = 0
  /** every message the chat core was asked to handle */
  const handled: InboundMessage[] = []

  beforeAll(async () => {
    db = await openTestDb('dingtalk')
    await seedBotWorld(db, ['U1', 'U2', 'U3'])
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BUREAU_BIND_CODE: 'BUREAU2027' })
    c = buildContainer(
      db,
      new OffsetClock('2027-07-01T01:00:00Z'),
      config,
      createLogger(process.env.TEST_LOG ?? 'silent'),
    )
  })
  afterAll(async () => {
    await closeTestDb(db)
  })
  beforeEach(async () => {
    fake = await new FakeDingTalk().start()
    channel = startDingTalkChannel(
      {
        outbox: c,
        core: countingCore(c.chat.core, handled),
        journal: failingJournal(c.chat.journal('test-owner'), () => failRecords-- > 0),
      },
      fake.settings(),
    )
    await channel.connected
  })
  afterEach(async () => {
    // nothing of this test is left to go out to the next test's fake
    const unsent = { state: { $in: ['pending', 'sending', 'failed'] } }
    await waitFor(async () => (await db.collection('outbox').countDocuments(unsent)) === 0, 'the outbox sent')
    await channel.stop()
    await fake.stop()
  })

  /** what the robot sent to a group so far, as text */
  const groupTexts = (id: string): string[] =>
    fake.sent.filter((s) => s.api === 'groupMessages/send' && s.openConversationId === id).map((s) => s.param.content)

  it('answers 绑定 and 填报 @robot in a group through groupMessages/send to its openConversationId', async () => {
    const group = { id: 'cidGROUPU1==', title: '测试县第1局工作群' }
    const bind = fake.push(FakeDingTalk.textMessage({ text: '绑定 BINDU1', staffId: 's1', nick: '李会计', group }))
    await waitFor(() => groupTexts(group.id).length === 1, 'the bind reply')
    expect(groupTexts(group.id)[0]).toMatch(/^@李会计 本群已绑定「测试县第1局」。/)
    expect(fake.acked(bind)).toBe(true)

    fake.push(FakeDingTalk.textMessage({ text: '填报', staffId: 's1', nick: '李会计', group }))
    await waitFor(() => groupTexts(group.id).length > 1, 'the form')
    const form = groupTexts(group.id).slice(1).join('\n')
    expect(form).toMatch(/^@李会计 您好，测试县第1局：现在填写《项目支出绩效目标执行监控表》/)
    expect(fake.sent.every((s) => s.robotCode === 'dingtestkey' && s.msgKey === 'sampleText')).toBe(true)
  })

  it('answers a 1:1 message through oToMessages/batchSend to the sender', async () => {
    fake.push(FakeDingTalk.textMessage({ text: '帮助', staffId: 's9', nick: '王出纳' }))
    await waitFor(() => fake.sent.some((s) => s.api === 'oToMessages/batchSend'), 'the 1:1 reply')
    const sent = fake.sent.filter((s) => s.api === 'oToMessages/batchSend')
    expect(sent.every((s) => JSON.stringify(s.userIds) === '["s9"]')).toBe(true)
    expect(sent[0].param.content.length).toBeGreaterThan(0)
    expect(fake.sent.some((s) => s.api === 'groupMessages/send')).toBe(false)
  })

  it('reconnects after a dropped connection and handles a message pushed again (same msgId) once', async () => {
    const group = { id: 'cidGROUPU2==', title: '测试县第2局工作群' }
    // the robot handles the message, and the connection drops as its ACK arrives: DingTalk pushes it again
    fake.dropAtNextAck()
    const id = fake.push(FakeDingTalk.textMessage({ text: '绑定 BINDU2', staffId: 's2', nick: '赵会计', group }))
    await waitFor(() => fake.connections === 2 && fake.acked(id), 'the reconnect and the ACK of the second push')
    expect(fake.pushCount(id)).toBe(2)
    // a later message is answered, so the first push's reply had every chance to be sent twice
    const later = fake.push(FakeDingTalk.textMessage({ text: '进度', staffId: 's2', nick: '赵会计', group }))
    await waitFor(() => fake.acked(later), 'the later message handled')
    const msgId = handled.find((m) => m.where.kind === 'group' && m.where.id === group.id)?.id
    expect(handled.filter((m) => m.id === msgId)).toHaveLength(1)
    expect(handled.filter((m) => m.where.kind === 'group' && m.where.id === group.id)).toHaveLength(2)
    await waitFor(() => groupTexts(group.id).length >= 2, 'both answers sent')
    expect(groupTexts(group.id).filter((t) => t.includes('本群已绑定「测试县第2局」'))).toHaveLength(1)
    expect(await db.collection('inbound_messages').countDocuments({ roomId: group.id })).toBe(2)
  })

  it('leaves a message it could not journal unACKed, and handles it when DingTalk pushes it again', async () => {
    const group = { id: 'cidGROUPU3==', title: '测试县第3局工作群' }
    failRecords = 1
    const id = fake.push(FakeDingTalk.textMessage({ text: '绑定 BINDU3', staffId: 's3', nick: '钱会计', group }))
    await waitFor(() => failRecords === 0, 'the journal write to fail')
    fake.redeliver()
    await waitFor(() => groupTexts(group.id).length === 1, 'the bind reply')
    // a ping answered after the reply was sent: every ACK the robot sent before it has arrived
    fake.ping()
    await waitFor(() => fake.pongs === 1, 'the ping answered')
    expect(fake.ackCount(id)).toBe(1)
    expect(fake.pushCount(id)).toBe(2)
    expect(handled.filter((m) => m.where.kind === 'group' && m.where.id === group.id)).toHaveLength(1)
  })

  it('answers a SYSTEM ping (after a frame that is not JSON) and reconnects after a SYSTEM disconnect', async () => {
    fake.garbage()
    fake.ping()
    await waitFor(() => fake.pongs === 1, 'the ping answered')
    fake.disconnect()
    await waitFor(() => fake.connections === 2 && fake.online, 'the reconnect')
  })

  it('sends a proactive outbox message for the robot to its group through groupMessages/send', async () => {
    await c.outbox.enqueue({
      key: 'notice:dingtalk-test:U3',
      account: channel.account,
      target: { channel: 'wechat', roomId: 'cidNOTICE==', roomTopic: '测试县第3局工作群' },
      text: '【通知】请于7月10日前完成填报。',
      priority: PRIORITY.notice,
    })
    await waitFor(() => groupTexts('cidNOTICE==').length === 1, 'the notice sent')
    expect(groupTexts('cidNOTICE==')).toEqual(['【通知】请于7月10日前完成填报。'])
    // the fake records the send before it answers; the worker marks the message sent after the answer
    const state = async () => (await db.collection('outbox').findOne({ key: 'notice:dingtalk-test:U3' }))?.state
    await waitFor(async () => (await state()) === 'sent', 'the notice marked sent')
    expect(await state()).toBe('sent')
  })
})
