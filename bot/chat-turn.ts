import type { Wechaty } from 'wechaty'
import type { BindingDoc } from '../src/db/models/binding.js'
import type { ChatPerson, ChatPlace } from '../src/services/chat-replier.js'

/**
 * One incoming message, reduced to what the handlers need: where, who, the text without the
 * @mention of the bot, whether it was addressed to the bot, and the room's binding. Built from the
 * journal entry (inbound-handler.ts), so a message handled after a restart is the same turn.
 */
export interface ChatTurn {
  /** the bot that received it (to look up rooms and contacts) */
  bot: Wechaty
  /** the platform's message id: the journal's key and the reply's outbox key */
  id: string
  place: ChatPlace
  person: ChatPerson
  text: string
  mentioned: boolean
  isText: boolean
  binding: BindingDoc | null
  /** handled before by a process that stopped mid-turn (the journal claimed it again) */
  replayed?: boolean
}

/** The first word, for command matching: "填报", "修改 3", "@机器人 进度" → "填报", "修改", "进度". */
export function keywordOf(text: string): string {
  return text.trim().split(/[\s\u2005:：]+/)[0] ?? ''
}

/** What follows the keyword: "催报 东山镇" → "东山镇". */
export function argumentOf(text: string): string {
  const t = text.trim()
  const k = keywordOf(t)
  return t.slice(k.length).replace(/^[\s\u2005:：]+/, '').trim()
}
