import { z } from 'zod'
import type { InboundMessage } from '../../chat/inbound-message.js'

/**
 * The data of a Stream callback on TOPIC_ROBOT (`/v1.0/im/bot/messages/get`), e.g. a group @message:
 * { conversationId: "cid6Kk…==", conversationType: "2", conversationTitle: "东山镇工作群", msgId: "msgA1…",
 *   senderStaffId: "0123", senderNick: "李会计", isInAtList: true, msgtype: "text",
 *   text: { content: " 填报 2" }, robotCode: "dingabc", atUsers: [{ dingtalkId, staffId }] }
 * In a group the conversationId is the group's openConversationId (what groupMessages/send takes).
 */
export const robotMessage = z.object({
  msgId: z.string().min(1),
  conversationId: z.string().min(1),
  /** '1' a 1:1 chat, '2' a group */
  conversationType: z.string(),
  conversationTitle: z.string().optional(),
  senderStaffId: z.string().optional(),
  senderId: z.string().optional(),
  senderNick: z.string().optional(),
  isInAtList: z.boolean().optional(),
  atUsers: z.array(z.object({ dingtalkId: z.string().optional(), staffId: z.string().optional() })).optional(),
  msgtype: z.string(),
  text: z.object({ content: z.string() }).optional(),
  /** files and pictures: the code robot/messageFiles/download turns into an address */
  content: z
    .object({
      downloadCode: z.string().optional(),
      fileName: z.string().optional(),
      fileSize: z.coerce.number().optional(),
    })
    .optional(),
  chatbotUserId: z.string().optional(),
  robotCode: z.string().optional(),
})
export type RobotMessage = z.infer<typeof robotMessage>

/**
 * A robot message as the chat core's inbound message. DingTalk delivers only what is addressed to the
 * robot (an @ in a group, anything in a 1:1 chat) and leaves the @robot out of text.content; a leading
 * @name that remains is removed all the same. The person is their staff id (stable in the organisation).
 */
export function toInbound(account: string, m: RobotMessage): InboundMessage {
  const group = m.conversationType === '2'
  const isText = m.msgtype === 'text' && m.text !== undefined
  const others = (m.atUsers ?? [])
    .filter((u) => u.dingtalkId !== m.chatbotUserId)
    .map((u) => u.staffId ?? u.dingtalkId ?? '')
    .filter(Boolean)
  const { fileName, downloadCode, fileSize } = m.content ?? {}
  const file =
    m.msgtype === 'file' && downloadCode
      ? {
          name: fileName ?? '',
          ...(fileSize !== undefined ? { size: fileSize } : {}),
          ref: { channel: 'dingtalk' as const, downloadCode, robotCode: account.replace(/^dingtalk:/, '') },
        }
      : undefined
  return {
    id: m.msgId,
    account,
    who: { id: m.senderStaffId ?? m.senderId ?? '', name: m.senderNick ?? '' },
    where: group ? { kind: 'group', id: m.conversationId, topic: m.conversationTitle ?? '' } : { kind: 'private' },
    text: isText ? stripLeadingAt(m.text?.content ?? '') : '',
    mentionedBot: group ? (m.isInAtList ?? true) : true,
    ...(others.length ? { mentions: others } : {}),
    isText,
    ...(file ? { file } : {}),
  }
}

function stripLeadingAt(s: string): string {
  return s.replace(/^\s*@\S+[\s\u2005]+/, '').trim()
}
