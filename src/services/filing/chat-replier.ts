import { PRIORITY, type OutboxInput, type OutboxPort } from '../../domain/outbox-message.js'

/** Where a chat message came from: a room ('' roomId for a private chat) on one bot account. */
export interface ChatPlace {
  account: string
  roomId: string
  roomTopic: string
}

export interface ChatPerson {
  id: string
  name: string
}

interface Waiting {
  msgs: OutboxInput[]
  resolve: () => void
  reject: (err: unknown) => void
}

/** Most replies one outbox insert carries. */
const BATCH = 200

/**
 * Replies go through the outbox like every other message (they count against the same pace and go
 * first), keyed by the incoming message id so handling the same message twice never answers twice.
 * In a group the reply @mentions the person it answers.
 *
 * Inserts are group-committed: a reply is inserted at once when no insert is in flight; replies of
 * other conversations that arrive meanwhile go together in the next one. Each `reply` resolves only
 * once its own messages are stored, so a caller still knows its answer is queued when it returns.
 */
export class ChatReplier {
  private waiting: Waiting[] = []
  private flushing = false
  constructor(private readonly outbox: OutboxPort) {}

  reply(place: ChatPlace, person: ChatPerson, key: string, texts: string[]): Promise<void> {
    const msgs = texts.filter((t) => t.trim()).map((text, i) => replyMessage(place, person, `reply:${key}:${i}`, text))
    if (msgs.length === 0) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ msgs, resolve, reject })
      if (!this.flushing) void this.flush()
    })
  }

  private async flush(): Promise<void> {
    this.flushing = true
    try {
      while (this.waiting.length) {
        const batch: Waiting[] = []
        let n = 0
        while (this.waiting.length && (batch.length === 0 || n + this.waiting[0].msgs.length <= BATCH)) {
          const w = this.waiting.shift() as Waiting
          batch.push(w)
          n += w.msgs.length
        }
        await this.insert(batch)
      }
    } finally {
      this.flushing = false
    }
  }

  /** One driver insert for the batch (duplicate keys are skipped by enqueueMany); on any other failure each caller's own messages are tried alone. */
  private async insert(batch: Waiting[]): Promise<void> {
    try {
      await this.outbox.enqueueMany(batch.flatMap((w) => w.msgs))
      for (const w of batch) w.resolve()
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err)
      for (const w of batch) {
        await this.outbox.enqueueMany(w.msgs).then(
          () => w.resolve(),
          (e: unknown) => w.reject(e),
        )
      }
    }
  }
}

export function replyMessage(place: ChatPlace, person: ChatPerson, key: string, text: string): OutboxInput {
  const target = place.roomId
    ? {
        channel: 'wechat' as const,
        roomId: place.roomId,
        roomTopic: place.roomTopic,
        mentions: [{ id: person.id, name: person.name }],
      }
    : { channel: 'wechat' as const, contactId: person.id, contactName: person.name }
  return { key, account: place.account, target, text, priority: PRIORITY.reply, meta: { kind: 'reply' } }
}
