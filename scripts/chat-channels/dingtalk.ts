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
    { outbox: c, core: c.chat.core, journal: c.chat.journal('chat-simulator-dingtalk'), files: c.chat.files },
    fake.settings(fake.clientId),
  )
  await channel.connected
  const groupId = `cidSIM${unitCode}==`
  const inGroup = () => fake.sent.filter((s) => s.api === 'groupMessages/send' && s.openConversationId === groupId)
  // everything the robot queued has gone out (the fake records a send before it answers)
  const delivered = () => robotOutboxSent(c.outbox, channel.account, 30_000)
  const staff = new Map<string, string>()
  let printed = 0
  const group = { id: groupId, title: `${unitCode}工作群（模拟）` }
  const staffOf = (who: string): string => {
    if (!staff.has(who)) staff.set(who, `staffSIM${staff.size + 1}`)
    return staff.get(who) as string
  }
  /** pushes a robot callback; resolves once it is handled and the robot's replies are sent */
  const turn = async (message: object): Promise<void> => {
    const msgId = fake.push(message)
    // ACKed once journaled and handled: the turn's replies are in the outbox by then
    await waitFor(() => fake.acked(msgId), 'the message handled', 30_000)
    await delivered()
  }
  return {
    account: channel.account,
    groupId,
    say(who, text) {
      return turn(FakeDingTalk.textMessage({ text, staffId: staffOf(who), nick: who, group }))
    },
    sendFile(who, name, data) {
      // a file message in the group whose downloadCode the fake serves (robot/messageFiles/download)
      const downloadCode = fake.addFile(data)
      return turn(FakeDingTalk.fileMessage({ downloadCode, fileName: name, staffId: staffOf(who), nick: who, group }))
    },
    arrived() {
      const fresh = inGroup().slice(printed)
      printed += fresh.length
      return fresh.map((s) =>
        s.msgKey === 'sampleFile' ? `[文件] ${String(s.param.fileName)}` : String(s.param.content),
      )
    },
    async stop() {
      await delivered()
      await channel.stop()
      await fake.stop()
    },
  }
}
