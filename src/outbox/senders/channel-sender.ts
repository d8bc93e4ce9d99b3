import type { MessageLength } from '../../channels/limits.js'
import type { Attachment, Mention, OutboxChannel, OutboxTarget } from '../message.js'

/** What a channel sender is asked to deliver: one outbox message, or several merged into one. */
export interface OutgoingMessage {
  /** the head message's key (e.g. for the .eml file name or a log line) */
  key: string
  /** every outbox key this send covers */
  keys: string[]
  target: OutboxTarget
  text: string
  subject?: string
  html?: string
  attachments?: Attachment[]
  /** this part is one file of the message (its text is empty): see messageParts */
  file?: Attachment
  mentions: Mention[]
}

/**
 * One per channel (wechat-sender, email-sender, wecom-sender). `send` resolves when the platform accepted
 * the message and throws when it did not; the delivery worker turns a throw into a retry with backoff.
 * `room` names where a send goes, so the pacer can add the room-switch pause. `limit` is the longest text
 * the platform takes (CHANNEL_LIMITS[…].length): the delivery worker splits a longer one into parts at
 * line ends and paces and sends them one by one; absent (e-mail): never split. A sender with `sendsFiles`
 * is handed each attachment as a part with `file` set.
 */
export interface ChannelSender {
  channel: OutboxChannel
  limit?: MessageLength
  /**
   * sends a message's attachments as files of their own, one part each after the text (chat channels,
   * CHANNEL_LIMITS[…].sendsFiles); absent (e-mail): attachments go with the message
   */
  sendsFiles?: boolean
  room(msg: OutgoingMessage): string | undefined
  send(msg: OutgoingMessage): Promise<void>
}
