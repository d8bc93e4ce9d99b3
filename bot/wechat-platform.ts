import type { Wechaty } from 'wechaty'
import type { ChatPlatform } from '../src/chat/ports.js'
import type { Logger } from '../src/logger.js'

/** What the chat core asks WeChat (through wechaty, any puppet): group members, and ids after a re-login. */
export function wechatPlatform(bot: Wechaty, logger: Logger): ChatPlatform {
  return {
    async inAnyRoom(personId, roomIds) {
      const talker = await bot.Contact.find({ id: personId })
      if (!talker) return false
      for (const roomId of roomIds) {
        try {
          const room = await bot.Room.find({ id: roomId })
          if (room && (await room.has(talker))) return true
        } catch (err) {
          logger.warn({ err, roomId }, 'bureau group members not readable')
        }
      }
      return false
    },
    async canMessagePrivately(personId) {
      // a personal account can write only to its friends; a group member who is not one sees the group
      const contact = await safe(() => bot.Contact.find({ id: personId }))
      return Boolean(contact?.friend())
    },
    async roomKnown(roomId) {
      const room = await safe(() => bot.Room.find({ id: roomId }))
      return room !== undefined && (await safe(() => room.topic())) !== undefined
    },
    async roomIdByTopic(topic) {
      return (await safe(() => bot.Room.find({ topic })))?.id
    },
    async contactFound(personId) {
      return Boolean(await safe(() => bot.Contact.find({ id: personId })))
    },
    async contactLoaded(personId) {
      return Boolean(await safe(() => bot.puppet.contactPayload(personId)))
    },
    async personIdByName(name, roomId) {
      const room = roomId ? await safe(() => bot.Room.find({ id: roomId })) : undefined
      const found = room ? await safe(() => room.member(name)) : await safe(() => bot.Contact.find({ name }))
      return found?.id
    },
  }
}

/** A lookup the puppet cannot answer (a room or contact gone, a network error) is "not found". */
async function safe<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn()
  } catch {
    return undefined
  }
}
