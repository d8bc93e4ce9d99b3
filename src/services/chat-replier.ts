import { PRIORITY, type OutboxInput, type OutboxPort } from '../outbox/message.js'

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

/**
 * Replies go through the outbox like every other message (they count against the same pace and go
 * first), keyed by the incoming message id so handling the same message twice never answers twice.
 * In a group the reply @mentions the person it answers.
 */
export class ChatReplier {
  constructor(private readonly outbox: OutboxPort) {}

  async reply(place: ChatPlace, person: ChatPerson, key: string, texts: string[]): Promise<void> {
    const msgs = texts.filter((t) => t.trim()).map((text, i) => replyMessage(place, person, `reply:${key}:${i}`, text))
    // one driver insert for one reply or several (enqueue() would hydrate a mongoose document first)
    if (msgs.length) await this.outbox.enqueueMany(msgs)
  }
}

export function replyMessage(place: ChatPlace, person: ChatPerson, key: string, text: string): OutboxInput {
  const target = place.roomId
    ? { channel: 'wechat' as const, roomId: place.roomId, roomTopic: place.roomTopic, mentions: [{ id: person.id, name: person.name }] }
    : { channel: 'wechat' as const, contactId: person.id, contactName: person.name }
  return { key, account: place.account, target, text, priority: PRIORITY.reply, meta: { kind: 'reply' } }
}
