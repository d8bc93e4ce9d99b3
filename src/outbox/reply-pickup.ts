import type { Clock } from '../clock.js'
import type { OutboxRepository } from './outbox-repository.js'

/**
 * The replies the chat core queued for one inbound message (keys `reply:<messageId>:<i>`), for a channel
 * that answers inside the platform's callback (WeCom's 智能机器人 passive reply) instead of sending them.
 */
export interface ReplyPickup {
  /** the reply texts in order; those still waiting are marked sent (the callback's answer carries them) */
  take(account: string, messageId: string): Promise<string[]>
}

/** more replies than one turn ever gives (ChatReplier numbers them from 0) */
const MAX_REPLIES = 50

export function outboxReplies(outbox: OutboxRepository, clock: Clock): ReplyPickup {
  return {
    async take(account, messageId) {
      // a turn answers in a few messages: their keys are looked up exactly (the unique index), no pattern
      const keys = Array.from({ length: MAX_REPLIES }, (_, i) => `reply:${messageId}:${i}`)
      const docs = await outbox.model
        .find({ account, key: { $in: keys }, state: { $in: ['pending', 'failed', 'sent'] } })
        .lean()
      docs.sort((a, b) => index(a.key) - index(b.key))
      const waiting = docs.filter((d) => d.state !== 'sent').map((d) => d._id)
      if (waiting.length)
        await outbox.model.updateMany(
          { _id: { $in: waiting }, state: { $in: ['pending', 'failed'] } },
          { $set: { state: 'sent', sentAt: clock.now() } },
        )
      return docs.map((d) => d.text)
    },
  }
}

function index(key: string): number {
  return Number(key.slice(key.lastIndexOf(':') + 1)) || 0
}
