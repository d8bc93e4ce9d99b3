import { FileBox } from 'file-box'
import type { Wechaty } from 'wechaty'
import { CHANNEL_LIMITS } from '../../channels/limits.js'
import type { Logger } from '../../logger.js'
import type { Attachment, Mention } from '../message.js'
import type { ChannelSender, OutgoingMessage } from './channel-sender.js'

type Room = Awaited<ReturnType<Wechaty['Room']['find']>> & object
type Contact = Awaited<ReturnType<Wechaty['Contact']['find']>> & object

/**
 * Sends through the logged-in bot: `room.say(text, ...contacts)` (wechaty writes "@张丽\u2005@王强 " before
 * the text and passes the ids so the platform notifies them), or `contact.say(text)` for a private message.
 * Some puppets give rooms and contacts new ids at every login, so everything is resolved at send time:
 * the room by id, then by topic; each mention by id among the room's members, then by display name or
 * room alias. A mention nobody matches is written as plain "@name" text rather than dropped.
 * A file part (messageParts) is said as a FileBox of its bytes and name to the same room or contact.
 */
export function wechatSender(bot: Wechaty, logger: Logger): ChannelSender {
  return {
    channel: 'wechat',
    limit: CHANNEL_LIMITS.wechat.length,
    sendsFiles: CHANNEL_LIMITS.wechat.sendsFiles,
    room: (msg) =>
      msg.target.channel === 'wechat'
        ? (msg.target.roomId ?? msg.target.roomTopic ?? msg.target.contactId ?? msg.target.contactName)
        : undefined,
    async send(msg: OutgoingMessage): Promise<void> {
      const t = msg.target
      if (t.channel !== 'wechat') throw new Error(`wechat sender got a ${t.channel} message`)
      if (!t.roomId && !t.roomTopic) {
        const contact = await findContact(bot, t.contactId, t.contactName)
        if (!contact) throw new Error(`contact not found: ${t.contactId ?? ''} ${t.contactName ?? ''}`.trim())
        await contact.say(msg.file ? fileBox(msg.file) : msg.text)
        return
      }
      const room = await findRoom(bot, t.roomId, t.roomTopic)
      if (!room) throw new Error(`room not found: ${t.roomId ?? ''} ${t.roomTopic ?? ''}`.trim())
      if (msg.file) {
        await room.say(fileBox(msg.file))
        return
      }
      const { contacts, unresolved } = await resolveMentions(room, msg.mentions)
      if (unresolved.length)
        logger.warn({ key: msg.key, unresolved }, 'mentioned contacts not found in the room; sent as plain text')
      const prefix = unresolved.map((n) => `@${n} `).join('')
      await room.say(prefix + msg.text, ...contacts)
    },
  }
}

/**
 * From the outbox's base64 as it is: wechaty hands a FileBox to the puppet as JSON, and a buffer-backed
 * FileBox refuses toJSON (file-box issue 25) where a base64 one serialises.
 */
function fileBox(a: Attachment) {
  return FileBox.fromBase64(a.content, a.filename)
}

async function findRoom(bot: Wechaty, id?: string, topic?: string): Promise<Room | undefined> {
  if (id) {
    // ask the puppet first: Room.find({ id }) reports an unknown (stale) id as a bot 'error' event
    const known = await bot.puppet.roomPayload(id).then(
      () => true,
      () => false,
    )
    if (known) return await bot.Room.find({ id })
  }
  return topic ? await bot.Room.find({ topic }) : undefined
}

async function findContact(bot: Wechaty, id?: string, name?: string): Promise<Contact | undefined> {
  if (id) {
    const known = await bot.puppet.contactPayload(id).then(
      () => true,
      () => false,
    )
    if (known) return await bot.Contact.find({ id })
  }
  return name ? await bot.Contact.find({ name }) : undefined
}

async function resolveMentions(
  room: Room,
  mentions: Mention[],
): Promise<{ contacts: Contact[]; unresolved: string[] }> {
  if (mentions.length === 0) return { contacts: [], unresolved: [] }
  const members = await room.memberAll()
  const contacts: Contact[] = []
  const unresolved: string[] = []
  for (const m of mentions) {
    let found = m.id ? members.find((c) => c.id === m.id) : undefined
    if (!found) found = members.find((c) => c.name() === m.name)
    if (!found) {
      for (const c of members) if ((await room.alias(c)) === m.name) found = c
    }
    if (found && !contacts.includes(found)) contacts.push(found)
    else if (!found) unresolved.push(m.name)
  }
  return { contacts, unresolved }
}
