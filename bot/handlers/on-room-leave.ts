import type { Contact, Room, Wechaty } from 'wechaty'
import type { Container } from '../../src/container.js'

/** The bot was removed from a group: the chat core deactivates its bindings and tells the bureau group. */
export function onRoomLeave(c: Container, bot: Wechaty, account: string) {
  return async (room: Room, leavers: Contact[]): Promise<void> => {
    try {
      if (!bot.isLoggedIn || !leavers.some((l) => l.id === bot.currentUser.id)) return
      await c.chat.core.roomLeft(account, room.id)
    } catch (err) {
      c.logger.error({ err }, 'room-leave handling failed')
    }
  }
}
