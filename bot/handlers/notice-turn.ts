import type { Container } from '../../src/container.js'
import type { DialogDoc } from '../../src/db/models/dialog.js'
import { keywordOf, type ChatTurn } from '../chat-turn.js'
import { confirmNotice, noticeCommand, noticeReport } from './notice-commands.js'

/**
 * The notice hook of the router, run before dialog input and before the addressed-or-not guard:
 *  - in the bureau group: `通知 …`, `通知情况 …`, and `确认` / `取消` of a notice awaiting confirmation;
 *  - in a unit's or a shared group: while a delivered notice awaits acknowledgement there, its keyword
 *    (收到) or a quote of it is an acknowledgement and nothing else — an open dialog then repeats its
 *    question instead of taking "收到" as an answer.
 * Returns null when the message is none of these (the router carries on).
 */
export async function noticeTurn(c: Container, turn: ChatTurn, dialog: DialogDoc | null): Promise<string[] | null> {
  if (!turn.isText || !turn.place.roomId || !turn.binding) return null
  if (turn.binding.kind === 'bureau-room') {
    const keyword = keywordOf(turn.text)
    if (keyword === '通知') return noticeCommand(c, turn)
    if (keyword === '通知情况') return noticeReport(c, turn)
    if (turn.text === '确认' || turn.text === '取消') return confirmNotice(c, turn, turn.text === '确认')
    return null
  }
  const outcome = await c.notices.acks.handle(turn.place.roomId, turn.person, turn.text, () => isBureauStaff(c, turn))
  if (outcome.kind === 'none') return null
  if (!dialog) return [] // acknowledgements are recorded silently: a reply to each 收到 would flood the group
  const noted = outcome.recorded.length ? [`已记录收到通知《${outcome.title}》。`] : []
  return [...noted, ...(await c.chat.dialogs.resume(dialog))]
}

/** Bureau staff are the members of the bureau's own group(s); their 收到 in a unit group does not count. */
async function isBureauStaff(c: Container, turn: ChatTurn): Promise<boolean> {
  const talker = await turn.bot.Contact.find({ id: turn.person.id })
  if (!talker) return false
  for (const b of await c.chat.bindings.bureauRooms()) {
    if (!b.roomId) continue
    try {
      const room = await turn.bot.Room.find({ id: b.roomId })
      if (room && (await room.has(talker))) return true
    } catch (err) {
      c.logger.warn({ err, roomId: b.roomId }, 'bureau group members not readable')
    }
  }
  return false
}
