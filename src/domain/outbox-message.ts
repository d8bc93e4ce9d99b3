/**
 * An outgoing message as every producer (jobs, API, bot) hands it to the outbox. The idempotency `key`
 * is unique: enqueueing the same key twice yields one message, e.g. `reminder:<round>:<unit>:<rule>`.
 */
export type OutboxChannel = 'wechat' | 'wecom' | 'email' | 'dingtalk' | 'wecom-app'

/** Lower goes first: immediate dialog replies, then reminders and alerts, then notices. */
export const PRIORITY = { reply: 0, reminder: 1, alert: 1, notice: 2 } as const
export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY]

/** A person to @mention, resolved at send time by id and, failing that, by display name. */
export interface Mention {
  id?: string
  name: string
  /** a mobile number, for channels that @ by mobile (WeCom's mentioned_mobile_list) when no id is known */
  mobile?: string
}

export type OutboxTarget =
  | {
      channel: 'wechat'
      roomId?: string
      roomTopic?: string
      contactId?: string
      contactName?: string
      mentions?: Mention[]
    }
  /**
   * a WeCom group robot: @ by userid (mentioned_list) or by mobile (mentioned_mobile_list). `chatId` is
   * the group it was meant for; webhookKey '' when that group has no push address yet (queued dead, sent
   * once the address is set: src/outbox/to-record.ts)
   */
  | {
      channel: 'wecom'
      webhookKey: string
      chatId?: string
      mentionedUserIds?: string[]
      mentionedMobiles?: string[]
    }
  /**
   * DingTalk through the enterprise robot: a group by its openConversationId (`robot/groupMessages/send`,
   * @mentioning `atUserIds`), or members by userId (`robot/oToMessages/batchSend`)
   */
  | { channel: 'dingtalk'; conversationId?: string; userIds?: string[]; atUserIds?: string[] }
  /** WeCom members 1:1 through the self-built app (`message/send`) */
  | { channel: 'wecom-app'; userIds: string[] }
  | { channel: 'email'; to: string[]; cc?: string[] }

export interface Attachment {
  filename: string
  contentType: string
  /** base64 */
  content: string
}

export interface OutboxInput {
  key: string
  /** the bot account (wechat) whose pace this message counts against; the other channels derive it from the target */
  account?: string
  target: OutboxTarget
  text: string
  subject?: string
  html?: string
  attachments?: Attachment[]
  priority: Priority
  /** messages waiting for the same target with the same mergeGroup may be sent as one */
  mergeGroup?: string
  notBefore?: Date
  /** what it is about, for listing and acknowledgement tracking */
  meta?: { kind: string; roundId?: string; unitCodes?: string[]; noticeId?: string }
}

/**
 * pending → sending (leased to one sender until leaseUntil) → sent | failed (retried at dueAt with
 * exponential backoff) → dead after config.pacing.maxAttempts. Dead messages are kept and listed.
 */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'dead'

/** Where one outbox message stands, as those who queued it (notices) read it back. */
export interface OutboxDelivery {
  key: string
  state: OutboxState
  sentAt?: Date
  lastError?: string
}

/** Where use cases put what is to be sent (the outbox repository implements it; delivery is the outbox's). */
export interface OutboxPort {
  /** inserts unless the key exists; true when inserted */
  enqueue(msg: OutboxInput): Promise<boolean>
  /** bulk insert, unordered; duplicates by key are skipped; returns how many were inserted */
  enqueueMany(msgs: OutboxInput[]): Promise<number>
}
