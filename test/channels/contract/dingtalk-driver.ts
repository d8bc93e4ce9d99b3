import type { Connection } from 'mongoose'
import { OffsetClock } from '../../../src/clock.js'
import { loadConfig } from '../../../src/config.js'
import { buildContainer } from '../../../src/container.js'
import { createLogger } from '../../../src/logger.js'
import { startDingTalkChannel } from '../../../src/channels/dingtalk/start-dingtalk-channel.js'
import { FakeDingTalk, robotOutboxSent } from '../../../fixtures/fake-dingtalk.js'
import { waitFor } from '../../../fixtures/wait-for.js'
import type { ChannelDriver, Where } from './channel-driver.js'

/**
 * DingTalk through the Stream-mode robot (src/channels/dingtalk/) against the fake DingTalk: messages
 * pushed as Stream callbacks, the bot's messages read from what it sent through groupMessages/send
 * (groups) and oToMessages/batchSend (1:1).
 */
export async function dingtalkDriver(db: Connection, start: string): Promise<ChannelDriver> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BUREAU_BIND_CODE: 'BUREAU2027' })
  const clock = new OffsetClock(start)
  const c = Object.assign(buildContainer(db, clock, config, createLogger(process.env.TEST_LOG ?? 'silent')), { clock })
  await Promise.all(Object.values(c.conn.models).map((m) => m.init()))
  const fake = await new FakeDingTalk().start()
  const channel = startDingTalkChannel(
    { outbox: c, core: c.chat.core, journal: c.chat.journal('contract-dingtalk') },
    fake.settings(),
  )
  await channel.connected
  const staff = new Map<string, string>()
  const staffId = (name: string): string => {
    if (!staff.has(name)) staff.set(name, `staff${staff.size + 1}`)
    return staff.get(name) as string
  }
  const groupId = (key: string) => `cid${key}==`
  const inGroup = (key: string) =>
    fake.sent.filter((s) => s.api === 'groupMessages/send' && s.openConversationId === groupId(key))
  const toUser = (id: string) =>
    fake.sent.filter((s) => s.api === 'oToMessages/batchSend' && JSON.stringify(s.userIds) === JSON.stringify([id]))
  /** everything the robot queued has been sent (sent is recorded by the fake before the API answers) */
  const delivered = () => robotOutboxSent(c.outbox, channel.account)
  return {
    name: 'dingtalk',
    c,
    async say(who: string, text: string, where: Where) {
      const id = staffId(who)
      const group = where === 'private' ? undefined : { id: groupId(where.group), title: `${where.group}工作群` }
      const before = group ? inGroup(where === 'private' ? '' : where.group).length : toUser(id).length
      const msgId = fake.push(FakeDingTalk.textMessage({ text, staffId: id, nick: who, group }))
      // ACKed once journaled and handled: the turn's replies are in the outbox by then
      await waitFor(() => fake.acked(msgId), 'the message handled')
      await delivered()
      const sent = where === 'private' ? toUser(id) : inGroup(where.group)
      return sent.slice(before).map((s) => s.param.content)
    },
    mark: (group) => inGroup(group).length,
    async receivedSince(group, mark, count = 1) {
      await waitFor(() => inGroup(group).length >= mark + count, `${count} message(s) in ${group}`)
      await delivered()
      return inGroup(group)
        .slice(mark)
        .map((s) => s.param.content)
    },
    async close() {
      await delivered()
      await channel.stop()
      await fake.stop()
    },
  }
}
