import type { ChatPerson, ChatPlace } from '../services/filing/chat-replier.js'
import type { InboundFile } from './inbound-file.js'

/** Where a message was said: a group (the platform's id and its topic, for re-matching) or a private chat. */
export type ChatWhere = { kind: 'group'; id: string; topic: string } | { kind: 'private' }

/**
 * One message said to the bot, whatever the platform (wechaty today): the channel adapter builds it,
 * the inbox journals it, the chat core decides and answers. Nothing in it is read from the database.
 * Example: "@填报助手 填报 2" in 东山镇工作群 → { who: 李会计, where: group 东山镇工作群, text: "填报 2",
 * mentionedBot: true, isText: true }.
 */
export interface InboundMessage {
  /** the platform's message id: the journal's key and the replies' outbox key */
  id: string
  /** the bot account that received it */
  account: string
  /** the platform user id and the display name (the group alias where there is one) */
  who: ChatPerson
  where: ChatWhere
  /** the text without the @mention of the bot, trimmed ('' for anything but text) */
  text: string
  /** addressed to the bot: an @mention in a group; always in a private chat */
  mentionedBot: boolean
  /** platform ids of others @mentioned, where the adapter reads them (no rule uses them yet) */
  mentions?: readonly string[]
  /** a text message (pictures, files, voice are answered with a hint) */
  isText: boolean
  /** a file that came with the message: src/chat/receive-file.ts fetches it through the ChatFiles port */
  file?: InboundFile
  /** handled before by a process that stopped mid-turn (the journal claimed it again) */
  replayed?: boolean
}

/** The place as the services and the outbox name it ('' roomId for a private chat). */
export function placeOf(m: InboundMessage): ChatPlace {
  return m.where.kind === 'group'
    ? { account: m.account, roomId: m.where.id, roomTopic: m.where.topic }
    : { account: m.account, roomId: '', roomTopic: '' }
}

/** The first word, for command matching: "填报", "修改 3", "@机器人 进度" → "填报", "修改", "进度". */
export function keywordOf(text: string): string {
  return text.trim().split(/[\s\u2005:：]+/)[0] ?? ''
}

/** What follows the keyword: "催报 东山镇" → "东山镇". */
export function argumentOf(text: string): string {
  const t = text.trim()
  const k = keywordOf(t)
  return t
    .slice(k.length)
    .replace(/^[\s\u2005:：]+/, '')
    .trim()
}
