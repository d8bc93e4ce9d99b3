import type { Container } from '../../src/container.js'
import { startDingTalkChannel } from '../../src/channels/dingtalk/start-dingtalk-channel.js'
import { FakeDingTalk, robotOutboxSent } from '../../fixtures/fake-dingtalk.js'
import { waitFor } from '../../fixtures/wait-for.js'
import type { OfficialSession } from './official-chat.js'

/**
 * DingTalk for the simulator: the fake DingTalk (fixtures/) in-process on 127.0.0.1 and the real
 * Stream-mode robot (startDingTalkChannel) pointed at it. A typed line is pushed as a Stream robot
 * callback @-ing the robot; what the robot sent to the group through groupMessages/send (its replies, and
 * the reminders and notices its delivery worker sends meanwhile) is what the simulator prints.
 */
export async function dingtalkSession(c: Container, unitCode: string): Promise<OfficialSession> {
  const fake = await new FakeDingTalk().start()
  // the SDK says "connect success" / "Disconnecting." with console.info, unconditionally: in the simulator
  // stdout is the transcript, so those go to the log (the transcript itself is printed with console.log)
  console.info = (...said: unknown[]) => c.logger.debug({ said: said.join(' ') }, 'dingtalk-stream')
  const channel = startDingTalkChannel(
    { outbox: c, core: c.chat.core, journal: c.chat.journal('chat-simulator-dingtalk') },
    fake.settings(fake.clientId),
  )
  await channel.connected
  const groupId = `cidSIM${unitCode}==`
  const inGroup = () => fake.sent.filter((s) => s.api === 'groupMessages/send' && s.openConversationId === groupId)
  // everything the robot queued has gone out (the fake records a send before it answers)
  const delivered = () => robotOutboxSent(c.outbox, channel.account, 30_000)
  const staff = new Map<string, string>()
  let printed = 0
  return {
    account: channel.account,
    groupId,
    async say(who, text) {
      if (!staff.has(who)) staff.set(who, `staffSIM${staff.size + 1}`)
      const staffId = staff.get(who) as string
      const group = { id: groupId, title: `${unitCode}工作群（模拟）` }
      const msgId = fake.push(FakeDingTalk.textMessage({ text, staffId, nick: who, group }))
      // ACKed once journaled and handled: the turn's replies are in the outbox by then
      await waitFor(() => fake.acked(msgId), 'the message handled', 30_000)
      await delivered()
    },
    arrived() {
      const fresh = inGroup().slice(printed)
      printed += fresh.length
      return fresh.map((s) => String(s.param.content))
    },
    async stop() {
      await delivered()
      await channel.stop()
      await fake.stop()
    },
  }
}
