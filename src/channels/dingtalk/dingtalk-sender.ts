import type { Attachment, Mention, OutboxTarget } from '../../outbox/message.js'
import { CHANNEL_LIMITS } from '../limits.js'
import type { ChannelSender, OutgoingMessage } from '../../outbox/senders/channel-sender.js'
import type { DingTalkApi, DingTalkMsg } from './dingtalk-api.js'

/**
 * The outbox target of a DingTalk message. Part A of issue 16 adds exactly this shape to OutboxTarget
 * in src/domain/outbox-message.ts; until that is merged it is defined here (the lead joins them).
 */
export interface DingTalkTarget {
  channel: 'dingtalk'
  /** a group's openConversationId */
  conversationId?: string
  /** members' staff ids, for 1:1 messages */
  userIds?: string[]
  atUserIds?: string[]
}

/** What the sender is asked to deliver: a DingTalk target, or a chat reply in the chat core's wechat shape. */
export type DingTalkOutgoing = Omit<OutgoingMessage, 'target'> & { target: OutboxTarget | DingTalkTarget }

/**
 * Sends outbox messages through the robot's OpenAPI: to a group by its openConversationId
 * (groupMessages/send), to members by staff id (oToMessages/batchSend). The chat core's replies still
 * carry the wechat shape ({ roomId, contactId, mentions }) until the outbox knows per-channel targets, so
 * that shape is read too: a roomId is the openConversationId, a contactId the staff id.
 * groupMessages/send has no @ field: a mention is written as "@name" at the head of the text, without
 * DingTalk's notification (only a callback's sessionWebhook can @ for real). A file part
 * (messageParts) is uploaded and sent as `sampleFile` to the same group or members.
 */
export function dingtalkSender(api: DingTalkApi): ChannelSender & { send(msg: DingTalkOutgoing): Promise<void> } {
  return {
    // the delivery worker of the robot's account: replies arrive as the wechat channel until part A lands
    channel: 'wechat',
    room: (msg) => destination(msg as DingTalkOutgoing).group,
    sendsFiles: CHANNEL_LIMITS.dingtalk.sendsFiles,
    async send(msg) {
      const d = destination(msg)
      const body: DingTalkMsg = msg.file
        ? await fileMessage(api, msg.file)
        : { msgKey: 'sampleText', content: withMentions(msg.text, d.mentions) }
      if (d.group) return api.sendGroup(d.group, body)
      if (d.users.length) return api.sendToUsers(d.users, body)
      throw new Error(`DingTalk message ${msg.key} has no group and no user to go to`)
    },
  }
}

/** A file part: uploaded (media/upload), then sent as sampleFile with its name and extension. */
async function fileMessage(api: DingTalkApi, file: Attachment): Promise<DingTalkMsg> {
  const mediaId = await api.uploadFile(file.filename, Buffer.from(file.content, 'base64'))
  const dot = file.filename.lastIndexOf('.')
  return {
    msgKey: 'sampleFile',
    mediaId,
    fileName: file.filename,
    fileType: dot > 0 ? file.filename.slice(dot + 1) : 'file',
  }
}

interface Destination {
  group?: string
  users: string[]
  mentions: string[]
}

function destination(msg: DingTalkOutgoing): Destination {
  const t = msg.target
  if (t.channel === 'dingtalk')
    return { group: t.conversationId, users: t.userIds ?? [], mentions: mentionNames(msg.mentions, t.atUserIds) }
  if (t.channel === 'wechat') {
    const mentions = mentionNames([...(t.mentions ?? []), ...msg.mentions], [])
    return t.roomId
      ? { group: t.roomId, users: [], mentions }
      : { users: t.contactId ? [t.contactId] : [], mentions: [] }
  }
  throw new Error(`not a DingTalk target: ${t.channel}`)
}

function mentionNames(mentions: Mention[], ids: string[] = []): string[] {
  const names = mentions.map((m) => m.name || m.id || '').filter(Boolean)
  return [...new Set([...names, ...ids.filter((id) => !mentions.some((m) => m.id === id))])]
}

function withMentions(text: string, names: string[]): string {
  return names.length ? `${names.map((n) => `@${n}`).join(' ')} ${text}` : text
}
