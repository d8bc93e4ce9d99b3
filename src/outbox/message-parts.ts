import type { MessageLength } from '../channels/limits.js'
import { splitMessage } from '../channels/split-message.js'
import type { OutboxTarget } from './message.js'
import type { OutgoingMessage } from './senders/channel-sender.js'

/**
 * One send per part when the text is longer than the channel takes (split at line ends by
 * splitMessage). Only the first part @mentions anyone, so a long notice notifies each person once.
 * Attachments go with the first part too.
 */
export function messageParts(msg: OutgoingMessage, limit: MessageLength | undefined): OutgoingMessage[] {
  if (!limit) return [msg]
  const texts = splitMessage(msg.text, limit)
  if (texts.length <= 1) return [msg]
  return texts.map((text, i) =>
    i === 0
      ? { ...msg, text }
      : { ...msg, text, mentions: [], attachments: undefined, target: withoutMentions(msg.target) },
  )
}

function withoutMentions(t: OutboxTarget): OutboxTarget {
  switch (t.channel) {
    case 'wechat':
      return { ...t, mentions: undefined }
    case 'wecom':
      return { ...t, mentionedMobiles: undefined }
    case 'dingtalk':
      return { ...t, atUserIds: undefined }
    case 'email':
    case 'wecom-app':
      return t
  }
}
