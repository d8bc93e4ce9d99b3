import type { MessageLength } from '../channels/limits.js'
import { splitMessage } from '../channels/split-message.js'
import type { OutboxTarget } from './message.js'
import type { OutgoingMessage } from './senders/channel-sender.js'

/**
 * One send per part: the text, split at line ends when it is longer than the channel takes
 * (splitMessage), then — on a channel whose sender sends files — one part per attachment, each with
 * `file` set and an empty text, so a file always arrives after its text. Only the first part
 * @mentions anyone, so a long notice notifies each person once. Without `sendsFiles` (e-mail) the
 * attachments go with the first part. The parts of one message come out the same every time, so a
 * retry can skip those already sent (DeliveryWorker, `partsSent`).
 */
export function messageParts(
  msg: OutgoingMessage,
  limit: MessageLength | undefined,
  sendsFiles = false,
): OutgoingMessage[] {
  const files = sendsFiles ? (msg.attachments ?? []) : []
  const texts = limit ? splitMessage(msg.text, limit) : [msg.text]
  if (texts.length <= 1 && files.length === 0) return [msg]
  const rest = { ...msg, mentions: [], attachments: undefined, target: withoutMentions(msg.target) }
  const textParts = texts
    .filter((text, i) => text.trim() || (i === 0 && files.length === 0))
    .map((text, i) =>
      i === 0 ? { ...msg, text, attachments: sendsFiles ? undefined : msg.attachments } : { ...rest, text },
    )
  return [...textParts, ...files.map((file) => ({ ...rest, text: '', file }))]
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
