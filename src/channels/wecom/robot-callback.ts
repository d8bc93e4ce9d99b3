import { z } from 'zod'
import type { InboundMessage } from '../../chat/inbound-message.js'

/**
 * A decrypted 智能机器人 callback (https://developer.work.weixin.qq.com/document/path/100719): a message
 * (text; a file — WeCom delivers files to the robot only in a 1:1 chat — as `file: { url }`, the url of
 * the encrypted file; image, voice, mixed are answered like any non-text) or a stream refresh asking for
 * the rest of a reply. Fields we do not use are let through.
 */
export const robotCallbackSchema = z.looseObject({
  msgid: z.string().min(1),
  aibotid: z.string().optional(),
  chatid: z.string().optional(),
  chattype: z.enum(['single', 'group']).default('single'),
  from: z.looseObject({ userid: z.string().min(1) }),
  response_url: z.string().optional(),
  msgtype: z.string(),
  text: z.looseObject({ content: z.string() }).optional(),
  stream: z.looseObject({ id: z.string() }).optional(),
  file: z.looseObject({ url: z.string().min(1), aeskey: z.string().optional() }).optional(),
})
export type RobotCallback = z.infer<typeof robotCallbackSchema>

/**
 * A message to the robot as the chat core's inbound message: who is the sender's userid (WeCom gives no
 * name here), where the group's chatid (stable: no re-matching) or a private chat, the text without the
 * @mention of the robot. The robot only receives group messages that @ it, so mentionedBot is always true.
 */
export function toInbound(cb: RobotCallback, account: string, botName?: string): InboundMessage {
  const group = cb.chattype === 'group' && cb.chatid
  const isText = cb.msgtype === 'text' && cb.text !== undefined
  return {
    id: cb.msgid,
    account,
    who: { id: cb.from.userid, name: cb.from.userid },
    where: group ? { kind: 'group', id: cb.chatid as string, topic: '' } : { kind: 'private' },
    text: isText ? withoutMention(cb.text?.content ?? '', group ? botName : undefined, Boolean(group)) : '',
    mentionedBot: true,
    isText,
    // WeCom names neither the file nor its size: receive-file checks its first bytes instead
    ...(cb.msgtype === 'file' && cb.file
      ? {
          file: {
            name: '',
            ref: { channel: 'wecom' as const, url: cb.file.url, ...(cb.file.aeskey ? { aesKey: cb.file.aeskey } : {}) },
          },
        }
      : {}),
  }
}

/** "@填报助手 填报 2" → "填报 2"; with no name known, a leading @word is taken as the robot's. */
export function withoutMention(content: string, botName: string | undefined, inGroup: boolean): string {
  if (!inGroup) return content.trim()
  if (botName) return content.split(`@${botName}`).join(' ').replace(/\s+/g, ' ').trim()
  return content.replace(/^\s*@\S+[\s\u2005]*/, '').trim()
}
