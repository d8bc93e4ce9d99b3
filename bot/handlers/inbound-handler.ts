import type { Message, Wechaty } from 'wechaty'
import * as PUPPET from 'wechaty-puppet'
import type { Container } from '../../src/container.js'
import type { InboundJournal, InboundEntry } from '../../src/db/repositories/inbound-journal.js'
import type { ChatTurn } from '../chat-turn.js'
import { handleTurn } from './on-message.js'
import { retryLater } from './retry-later.js'

/** How a notice's message starts (src/services/notice-routing.ts). */
const NOTICE_MARK = '【通知】'

export interface InboundHandler {
  /** wechaty's 'message' event: journal the message, then handle it */
  receive(msg: Message): Promise<void>
  /** handles what a dead process journaled but did not finish (at login, then every half lease) */
  recover(): Promise<number>
}

/**
 * Nothing said to the bot is lost in a crash: each message is journaled (keyed by its platform id)
 * before any of it is handled, and marked done once its answer is stored and its reply queued. WeChat
 * never delivers a message twice, so the journal is the only copy of one a killed process was handling.
 */
export function inboundHandler(c: Container, bot: Wechaty, account: string, journal: InboundJournal): InboundHandler {
  const inFlight = new Set<string>()
  let journaled = 0

  const handle = async (e: InboundEntry, replayed = false): Promise<void> => {
    inFlight.add(e.messageId)
    try {
      await handleTurn(c, { ...(await toTurn(c, bot, e)), replayed })
      await journal.done(account, e.messageId)
    } catch (err) {
      c.logger.error({ err, messageId: e.messageId }, 'message handling failed')
      // the database went away (or lost an index) mid-turn: the entry stays claimed, tried again after its lease
      if (!retryLater(err)) await journal.failed(account, e.messageId, (err as Error).message ?? String(err)).catch(() => undefined)
    } finally {
      inFlight.delete(e.messageId)
    }
  }

  return {
    async receive(msg) {
      if (msg.self()) {
        // our own notice reached a group: its acknowledgement keyword must be recognised from now on
        if (msg.room() && msg.text().includes(NOTICE_MARK)) c.notices.acks.noticeSent()
        return
      }
      let entry: InboundEntry
      try {
        entry = await readMessage(account, msg)
        if (!(await journal.record(entry))) return // delivered twice: handled (or being handled) already
      } catch (err) {
        c.logger.error({ err, messageId: msg.id }, 'message not journaled')
        return
      }
      // TESTS ONLY (CHAT_TEST_HOLD_MESSAGE): this message stays journaled and unhandled until the process is killed
      if (++journaled === c.config.bot.testHoldMessage) {
        c.logger.warn({ messageId: entry.messageId }, 'CHAT_TEST_HOLD_MESSAGE: holding a journaled message')
        inFlight.add(entry.messageId)
        return new Promise<void>(() => undefined)
      }
      await handle(entry)
    },
    async recover() {
      let n = 0
      for (let e = await journal.claimOrphan(account, [...inFlight]); e; e = await journal.claimOrphan(account, [...inFlight])) {
        c.logger.warn({ messageId: e.messageId, receivedAt: e.receivedAt, attempts: e.attempts }, 'handling a message a stopped process left unfinished')
        await handle(e, true)
        n++
      }
      return n
    },
  }
}

/** What is journaled: the message as received, without anything read from the database yet. */
async function readMessage(account: string, msg: Message): Promise<InboundEntry> {
  const room = msg.room()
  const talker = msg.talker()
  const isText = msg.type() === PUPPET.types.Message.Text
  const raw = isText ? (room ? await msg.mentionText() : msg.text()) : ''
  return {
    account,
    messageId: msg.id,
    roomId: room?.id ?? '',
    roomTopic: room ? await room.topic() : '',
    personId: talker.id,
    personName: (room ? await room.alias(talker) : undefined) || talker.name(),
    text: raw.trim(),
    mentioned: room ? await msg.mentionSelf() : true,
    isText,
  }
}

async function toTurn(c: Container, bot: Wechaty, e: InboundEntry): Promise<ChatTurn> {
  return {
    bot,
    id: e.messageId,
    place: { account: e.account, roomId: e.roomId, roomTopic: e.roomTopic },
    person: { id: e.personId, name: e.personName },
    text: e.text,
    mentioned: e.mentioned,
    isText: e.isText,
    binding: e.roomId ? await c.chat.bindings.roomBinding(e.roomId) : null,
  }
}
