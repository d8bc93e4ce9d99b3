import type { Message, Wechaty } from 'wechaty'
import type { Container } from '../../src/container.js'
import { chatInbox } from '../../src/chat/chat-inbox.js'
import type { JournalPort } from '../../src/chat/ports.js'
import { toInbound } from '../chat-turn.js'
import { wechatPlatform } from '../wechat-platform.js'

/** How a notice's message starts (src/services/notices/notice-routing.ts). */
const NOTICE_MARK = '【通知】'

export interface InboundHandler {
  /** wechaty's 'message' event: journal the message, then handle it (src/chat/chat-inbox.ts) */
  receive(msg: Message): Promise<void>
  /** handles what a dead process journaled but did not finish (at login, then every half lease) */
  recover(): Promise<number>
}

/** Wechaty's messages into the chat core's inbox: our own are skipped, the rest become inbound messages. */
export function inboundHandler(c: Container, bot: Wechaty, account: string, journal: JournalPort): InboundHandler {
  const core = c.chat.core
  const inbox = chatInbox(core, journal, {
    account,
    platform: wechatPlatform(bot, c.logger),
    holdMessage: c.config.bot.testHoldMessage,
  })
  return {
    async receive(msg) {
      if (msg.self()) {
        // our own notice reached a group: its acknowledgement keyword must be recognised from now on
        if (msg.room() && msg.text().includes(NOTICE_MARK)) core.noticeSeen()
        return
      }
      let inbound
      try {
        inbound = await toInbound(account, msg)
      } catch (err) {
        c.logger.error({ err, messageId: msg.id }, 'message not journaled')
        return
      }
      await inbox.receive(inbound)
    },
    recover: () => inbox.recover(),
  }
}
