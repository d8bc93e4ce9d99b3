import type { ChatDeps, ChatTurn } from './chat-deps.js'
import { argumentOf } from './inbound-message.js'

/** `绑定 <bind code>`: binds the group (or, in a shared group or a private chat, the person) to a unit. */
export async function bind(d: ChatDeps, turn: ChatTurn): Promise<string[]> {
  const code = argumentOf(turn.msg.text)
  if (!code) return ['请发送“绑定 绑定码”，绑定码向财政局绩效股索取。']
  const r = await d.bindings.bind(turn.place, turn.person, code)
  return [r.reply]
}
