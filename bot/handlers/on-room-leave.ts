import type { Contact, Room, Wechaty } from 'wechaty'
import type { Container } from '../../src/container.js'
import { PRIORITY } from '../../src/outbox/message.js'

/** The bot was removed from a group: its bindings become inactive and the bureau group is told. */
export function onRoomLeave(c: Container, bot: Wechaty, account: string) {
  return async (room: Room, leavers: Contact[]): Promise<void> => {
    try {
      if (!bot.isLoggedIn || !leavers.some((l) => l.id === bot.currentUser.id)) return
      const lost = await c.chat.bindings.roomLeft(room.id)
      if (lost.length === 0) return
      const topic = lost[0].roomTopic ?? room.id
      for (const b of await c.chat.bindings.bureauRooms()) {
        await c.outbox.enqueue({
          key: `room-left:${room.id}:${c.clock.now().getTime()}`,
          account,
          target: { channel: 'wechat', roomId: b.roomId, roomTopic: b.roomTopic },
          text: `机器人已被移出群「${topic}」，该群的绑定已失效（${lost.length} 个）。如需继续使用请重新拉入并绑定。`,
          priority: PRIORITY.alert,
          meta: { kind: 'room-left', unitCodes: lost.map((l) => l.unitCode).filter((u): u is string => Boolean(u)) },
        })
      }
    } catch (err) {
      c.logger.error({ err }, 'room-leave handling failed')
    }
  }
}
