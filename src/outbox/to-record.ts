import type { OutboxInput, OutboxTarget } from './message.js'
import type { OutboxRecord } from '../db/models/outbox-message.js'

/** The e-mail channel has no per-account pace; all mail shares one queue. */
export const MAIL_ACCOUNT = 'mail'
/** WeChat messages without an explicit account go out on the default bot account. */
export const DEFAULT_WECHAT_ACCOUNT = 'default'

/** The account of a WeCom group message waiting for the group's push address (`no-webhook:<chatid>`). */
export const NO_WEBHOOK_ACCOUNT = 'no-webhook:'
/** Why such a message is kept dead: what the bureau reads in the outbox listing. */
export const NO_WEBHOOK_REASON = '企业微信群未设置推送地址（在群里 @机器人 发送“推送地址 <群机器人Webhook地址>”）'

/** Whose sending budget a message uses: the bot account, the robot's webhook key, or the mail queue. */
export function accountOf(msg: OutboxInput): string {
  switch (msg.target.channel) {
    case 'wechat':
      return msg.account ?? DEFAULT_WECHAT_ACCOUNT
    case 'wecom':
      return msg.target.webhookKey || `${NO_WEBHOOK_ACCOUNT}${msg.target.chatId ?? ''}`
    case 'email':
      return MAIL_ACCOUNT
    // DingTalk caps each robot per group (CHANNEL_LIMITS.dingtalk): one pace per group, and per set of
    // members for 1:1 sends
    case 'dingtalk':
      return msg.target.conversationId ? `group:${msg.target.conversationId}` : `users:${sortedIds(msg.target.userIds)}`
    // WeCom caps the app per member (30/min); a send to several members is paced as one set of them
    case 'wecom-app':
      return `users:${sortedIds(msg.target.userIds)}`
  }
}

/**
 * A stable name for the recipient, e.g. `room:R1|财务群` or `mail:a@x.cn,b@x.cn`, so that messages to
 * the same place can be merged. Mentions are not part of it: they are unioned when merging.
 */
export function targetKey(t: OutboxTarget): string {
  switch (t.channel) {
    case 'wechat':
      return t.roomId || t.roomTopic
        ? `room:${t.roomId ?? ''}|${t.roomTopic ?? ''}`
        : `contact:${t.contactId ?? ''}|${t.contactName ?? ''}`
    case 'wecom':
      return `wecom:${t.webhookKey}`
    case 'email':
      return `mail:${[...t.to].sort().join(',')}|cc:${[...(t.cc ?? [])].sort().join(',')}`
    case 'dingtalk':
      return t.conversationId ? `dingtalk:group:${t.conversationId}` : `dingtalk:users:${sortedIds(t.userIds)}`
    case 'wecom-app':
      return `wecom-app:users:${sortedIds(t.userIds)}`
  }
}

function sortedIds(ids: readonly string[] | undefined): string {
  return [...(ids ?? [])].sort().join(',')
}

/** The document a producer's message becomes; `now` comes from the Clock. */
export function toRecord(msg: OutboxInput, now: Date): OutboxRecord {
  return {
    key: msg.key,
    channel: msg.target.channel,
    account: accountOf(msg),
    target: msg.target,
    targetKey: targetKey(msg.target),
    text: msg.text,
    subject: msg.subject,
    html: msg.html,
    attachments: msg.attachments,
    priority: msg.priority,
    mergeGroup: msg.mergeGroup,
    meta: msg.meta,
    // a WeCom group without a push address: kept (dead, with the reason) and sent once the address is set
    ...(waitsForWebhook(msg)
      ? { state: 'dead' as const, lastError: NO_WEBHOOK_REASON }
      : { state: 'pending' as const }),
    attempts: 0,
    dueAt: msg.notBefore && msg.notBefore > now ? msg.notBefore : now,
    createdAt: now,
  }
}

function waitsForWebhook(msg: OutboxInput): boolean {
  return msg.target.channel === 'wecom' && !msg.target.webhookKey
}
