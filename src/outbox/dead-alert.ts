import type { OutboxDeps } from './outbox-deps.js'
import { PRIORITY, type OutboxInput } from './message.js'
import type { OutboxDoc } from '../db/models/outbox-message.js'
import { OutboxQueue } from './outbox-queue.js'

/** Alerts about the outbox itself; never alerted on in turn (a mail server that refuses everything would loop). */
const OPS_KINDS = new Set(['dead-message', 'bot-logout'])

/**
 * One e-mail to OPS_EMAIL for a message that has used up its retries: what it was, to whom, the last
 * error, and the command that sends it again. Null without OPS_EMAIL, or for an ops alert itself.
 */
export function deadAlert(opsEmail: string | undefined, d: OutboxDoc, error: string): OutboxInput | null {
  if (!opsEmail || OPS_KINDS.has(d.meta?.kind ?? '')) return null
  const to =
    d.target.channel === 'email'
      ? d.target.to.join(', ')
      : d.target.channel === 'wechat'
        ? (d.target.roomTopic ?? d.target.roomId ?? d.target.contactName ?? '')
        : '企业微信群机器人'
  return {
    key: `alert:dead:${d.key}`,
    target: { channel: 'email', to: [opsEmail] },
    priority: PRIORITY.alert,
    subject: `【填报】一条${d.channel === 'email' ? '邮件' : '消息'}发送失败，已放弃重试`,
    text:
      `消息 ${d.key}（${d.channel}，${d.meta?.kind ?? '其他'}）重试 ${d.attempts} 次后放弃。\n收件：${to}\n最后一次错误：${error}\n` +
      `内容开头：${d.text.slice(0, 200)}\n\n排除原因后重新发送：npm run admin -- outbox revive ${d.key}`,
    meta: { kind: 'dead-message' },
  }
}

/** The queue a delivery worker claims from, telling OPS_EMAIL about each message that goes dead. */
export function alertingQueue(
  c: Pick<OutboxDeps, 'outbox' | 'clock' | 'config'>,
  owner: string,
  leaseMs: number,
): OutboxQueue {
  return new OutboxQueue(c.outbox.model, c.clock, owner, leaseMs, c.config.pacing.maxAttempts, async (d, error) => {
    const alert = deadAlert(c.config.mail.opsEmail, d, error)
    if (alert) await c.outbox.enqueue(alert)
  })
}
