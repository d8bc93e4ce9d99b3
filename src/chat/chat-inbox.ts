import { withoutWebhookKeys } from '../domain/webhook-key.js'
import type { ChatCore } from './chat-core.js'
import type { InboundMessage } from './inbound-message.js'
import type { ChatPlatform, JournalEntry, JournalPort } from './ports.js'

export interface ChatInbox {
  /** journal the message, then handle it (a message delivered twice is handled once) */
  receive(msg: InboundMessage): Promise<void>
  /** handles what a dead process journaled but did not finish (at login, then every half lease) */
  recover(): Promise<number>
}

export interface InboxOptions {
  account: string
  platform: ChatPlatform
  /** TESTS ONLY (CHAT_TEST_HOLD_MESSAGE): the n-th message stays journaled and unhandled until the process is killed */
  holdMessage?: number
}

/**
 * Nothing said to the bot is lost in a crash: each message is journaled (keyed by its platform id)
 * before any of it is handled, and marked done once its answer is stored and its reply queued (the mark
 * group-committed a moment later: `receive` returns without waiting for it). WeChat never delivers a
 * message twice, so the journal is the only copy of one a killed process was handling.
 */
export function chatInbox(core: ChatCore, journal: JournalPort, o: InboxOptions): ChatInbox {
  const { logger } = core.deps
  const { account } = o
  const inFlight = new Set<string>()
  let journaled = 0

  const handle = async (e: JournalEntry, replayed = false): Promise<void> => {
    inFlight.add(e.messageId)
    try {
      await core.handle({ ...fromEntry(e), replayed }, o.platform)
    } catch (err) {
      logger.error({ err, messageId: e.messageId }, 'message handling failed')
      // the database went away (or lost an index) mid-turn: the entry stays claimed, tried again after its lease
      if (!core.deps.transient(err))
        await journal.failed(account, e.messageId, (err as Error).message ?? String(err)).catch(() => undefined)
      inFlight.delete(e.messageId)
      return
    }
    // a group's push address is a secret: the journal keeps the message with the key masked, from now on
    const masked = withoutWebhookKeys(e.text)
    if (masked !== undefined) {
      await journal
        .done(account, e.messageId, masked)
        .catch((err: unknown) => logger.warn({ err, messageId: e.messageId }, 'done mark not stored'))
      inFlight.delete(e.messageId)
      return
    }
    // the turn is over (answer stored, reply queued) without waiting for its done mark, which goes with
    // the next marks of other turns; until it is stored the message stays in flight, so this process's
    // recovery leaves it alone. A mark lost in a crash costs a replay, which changes nothing (ChatCore.handle).
    void journal.done(account, e.messageId).then(
      () => inFlight.delete(e.messageId),
      (err: unknown) => {
        inFlight.delete(e.messageId)
        logger.warn({ err, messageId: e.messageId }, 'done mark not stored: the message is replayed after its lease')
      },
    )
  }

  return {
    async receive(msg) {
      const entry = toEntry(msg)
      // in flight from before it is journaled: its record may be stored a while before this hears so (it
      // waits behind a group-committed flush), and this process's recovery must not take it for a dead
      // process's message meanwhile, whatever its lease (the same message delivered again is not ours to mark)
      const ours = !inFlight.has(entry.messageId)
      if (ours) inFlight.add(entry.messageId)
      try {
        if (!(await journal.record(entry))) {
          if (ours) inFlight.delete(entry.messageId)
          return // delivered twice: handled (or being handled) already
        }
      } catch (err) {
        if (ours) inFlight.delete(entry.messageId)
        logger.error({ err, messageId: msg.id }, 'message not journaled')
        return
      }
      if (++journaled === o.holdMessage) {
        logger.warn({ messageId: entry.messageId }, 'CHAT_TEST_HOLD_MESSAGE: holding a journaled message')
        inFlight.add(entry.messageId)
        return new Promise<void>(() => undefined)
      }
      await handle(entry)
    },
    async recover() {
      let n = 0
      for (
        let e = await journal.claimOrphan(account, [...inFlight]);
        e;
        e = await journal.claimOrphan(account, [...inFlight])
      ) {
        logger.warn(
          { messageId: e.messageId, receivedAt: e.receivedAt, attempts: e.attempts },
          'handling a message a stopped process left unfinished',
        )
        await handle(e, true)
        n++
      }
      return n
    },
  }
}

/** What is journaled: the message as received, flat. */
function toEntry(m: InboundMessage): JournalEntry {
  const group = m.where.kind === 'group' ? m.where : undefined
  return {
    account: m.account,
    messageId: m.id,
    roomId: group?.id ?? '',
    roomTopic: group?.topic ?? '',
    personId: m.who.id,
    personName: m.who.name,
    text: m.text,
    mentioned: m.mentionedBot,
    isText: m.isText,
    ...(m.file ? { file: m.file } : {}),
  }
}

/** The message again from its journal entry: a message handled after a restart is the same turn. */
function fromEntry(e: JournalEntry): InboundMessage {
  return {
    id: e.messageId,
    account: e.account,
    who: { id: e.personId, name: e.personName },
    where: e.roomId ? { kind: 'group', id: e.roomId, topic: e.roomTopic } : { kind: 'private' },
    text: e.text,
    mentionedBot: e.mentioned,
    isText: e.isText,
    ...(e.file ? { file: e.file } : {}),
  }
}
