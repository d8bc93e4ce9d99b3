import type { Message } from 'wechaty'
import * as PUPPET from 'wechaty-puppet'
import type { InboundMessage } from '../src/chat/inbound-message.js'

/**
 * A wechaty message as the chat core's inbound message: where (the room, or a private chat), who (the
 * room alias where there is one), the text without the @mention of the bot, whether it was addressed to
 * the bot. Nothing is read from the database here: this is what the journal keeps.
 */
export async function toInbound(account: string, msg: Message): Promise<InboundMessage> {
  const room = msg.room()
  const talker = msg.talker()
  const isText = msg.type() === PUPPET.types.Message.Text
  // a file (wechat4u: an attachment, AppMsgType 6): its name from the payload, its bytes fetched later by id
  const file =
    msg.type() === PUPPET.types.Message.Attachment
      ? { name: msg.payload?.filename ?? '', ref: { channel: 'wechat' as const, messageId: msg.id } }
      : undefined
  const raw = isText ? (room ? await msg.mentionText() : msg.text()) : ''
  return {
    id: msg.id,
    account,
    who: { id: talker.id, name: (room ? await room.alias(talker) : undefined) || talker.name() },
    where: room ? { kind: 'group', id: room.id, topic: await room.topic() } : { kind: 'private' },
    text: raw.trim(),
    mentionedBot: room ? await msg.mentionSelf() : true,
    isText,
    ...(file ? { file } : {}),
  }
}
