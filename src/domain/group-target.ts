import type { Mention, OutboxTarget } from './outbox-message.js'

/**
 * The chat account of the WeCom 智能机器人 (WecomSettings.account; 'wecom' unless a deployment names
 * several robots `wecom:<name>`). Bindings made through its callback carry it.
 */
export const WECOM_ACCOUNT = 'wecom'

export function isWecomAccount(account: string | undefined): boolean {
  return account === WECOM_ACCOUNT || (account?.startsWith(`${WECOM_ACCOUNT}:`) ?? false)
}

/** A bound group as every producer of proactive messages knows it (a binding, a reminder's reach, a notice route). */
export interface GroupPlace {
  account: string
  roomId?: string
  roomTopic?: string
  /** the WeCom group's robot webhook key (Binding.webhookKey) */
  webhookKey?: string
}

/**
 * Where a proactive group message (reminder, notice, 催报, bureau alert, review result) goes, chosen in
 * this one place for every producer:
 *  - a WeCom group (bound through the 智能机器人, whose callback can only reply): its group robot
 *    webhook, @ by userid when the person is known by id there, else by mobile number; without a
 *    webhook key the target has key '' and the outbox keeps the message dead with the reason until
 *    the group's push address is set (src/outbox/to-record.ts, release-waiting-webhook.ts);
 *  - any other group (WeChat, and DingTalk, whose robot delivers its account's messages in this shape):
 *    the room by id and topic, mentions by id and name.
 * Replies to a message are not built here (ChatReplier): on WeCom they go back in the callback's answer.
 */
export function groupTarget(place: GroupPlace, mentions?: readonly Mention[]): OutboxTarget {
  if (isWecomAccount(place.account)) {
    const ids = unique((mentions ?? []).map((m) => m.id))
    const mobiles = unique((mentions ?? []).filter((m) => !m.id).map((m) => m.mobile))
    return {
      channel: 'wecom',
      webhookKey: place.webhookKey ?? '',
      chatId: place.roomId,
      ...(ids.length ? { mentionedUserIds: ids } : {}),
      ...(mobiles.length ? { mentionedMobiles: mobiles } : {}),
    }
  }
  return {
    channel: 'wechat',
    roomId: place.roomId,
    roomTopic: place.roomTopic,
    // WeChat @s by id or display name: the mobile number stays out of its queue
    ...(mentions ? { mentions: mentions.map(({ mobile: _mobile, ...m }) => m) } : {}),
  }
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))]
}
