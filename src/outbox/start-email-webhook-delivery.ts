import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { OutboxChannel } from './message.js'
import type { OutboxDeps } from './outbox-deps.js'
import { DeliveryWorker } from './delivery-worker.js'
import { alertingQueue } from './dead-alert.js'
import { PacingLimiter } from './pacing-limiter.js'
import { channelPacing, type PacingPolicy } from './pacing-policy.js'
import { setOutboxCountsSource } from './outbox-metrics.js'
import { SenderRegistry } from './sender-registry.js'
import type { ChannelSender } from './senders/channel-sender.js'
import { emailSender } from './senders/email-sender.js'
import { wecomSender } from './senders/wecom-sender.js'
import { MAIL_ACCOUNT } from './to-record.js'

export interface EmailWebhookDeliveryOptions {
  owner?: string
  /**
   * senders of the official channels this deployment runs (the DingTalk robot, the WeCom app), one per
   * channel; each gets its own worker, paced by its platform cap (src/channels/limits.ts)
   */
  senders?: readonly ChannelSender[]
  /** overrides config.pacing for WeCom robots (tests scale it) */
  wecomPacing?: PacingPolicy
  /** overrides the pace of the other channels' senders (tests scale it) */
  pacing?: Partial<Record<OutboxChannel, PacingPolicy>>
  messageLeaseMs?: number
  /** longest pace wait while holding a claim (DeliveryWorkerOptions.maxHoldMs); tests with scaled windows shorten it */
  maxHoldMs?: number
  pollMs?: number
  /** false: do not run the loops (tests step the workers with `tick()`) */
  autoStart?: boolean
}

export interface EmailWebhookDelivery {
  email: DeliveryWorker
  wecom: DeliveryWorker
  /** every channel's worker, the two above included */
  workers: ReadonlyMap<OutboxChannel, DeliveryWorker>
  stop(): Promise<void>
}

/**
 * The worker role's delivery: e-mail (SMTP, or .eml files when SMTP_URL is unset), WeCom group-robot
 * webhooks paced per robot key, and every sender in `o.senders` (the official channels). Any number of
 * worker processes may run it: claims are atomic and the pace lives in the database. WeChat is not
 * delivered here but by the logged-in bot (startWechatDelivery).
 */
export function startEmailWebhookDelivery(c: OutboxDeps, o: EmailWebhookDeliveryOptions = {}): EmailWebhookDelivery {
  const owner = o.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const queue = alertingQueue(c, owner, o.messageLeaseMs ?? 120_000)
  const common = { queue, repo: c.outbox, clock: c.clock, logger: c.logger, pollMs: o.pollMs, maxHoldMs: o.maxHoldMs }
  const registry = new SenderRegistry([emailSender(c.config, c.logger), wecomSender(c.config), ...(o.senders ?? [])])
  if (registry.get('wechat')) throw new Error('WeChat is delivered by the logged-in bot (startWechatDelivery)')
  const pacingOf = (channel: OutboxChannel): PacingPolicy | undefined =>
    channel === 'wecom'
      ? (o.wecomPacing ?? channelPacing(channel, c.config))
      : (o.pacing?.[channel] ?? channelPacing(channel, c.config))
  const workers = new Map<OutboxChannel, DeliveryWorker>()
  for (const sender of registry.all()) {
    const pacing = pacingOf(sender.channel)
    workers.set(
      sender.channel,
      new DeliveryWorker({
        ...common,
        channel: sender.channel,
        account: sender.channel === 'email' ? MAIL_ACCOUNT : undefined,
        sender,
        pacer: pacing ? new PacingLimiter(c.conn, c.clock, pacing) : undefined,
      }),
    )
  }
  setOutboxCountsSource(() => c.outbox.counts())
  if (o.autoStart !== false) for (const w of workers.values()) w.start()
  c.logger.info(
    {
      smtp: Boolean(c.config.mail.smtpUrl),
      mailDir: c.config.mail.smtpUrl ? undefined : c.config.mail.dir,
      channels: [...workers.keys()],
    },
    'e-mail and webhook delivery started',
  )
  const email = workers.get('email')
  const wecom = workers.get('wecom')
  if (!email || !wecom) throw new Error('the e-mail and WeCom webhook workers are always built')
  return {
    email,
    wecom,
    workers,
    async stop() {
      await Promise.all([...workers.values()].map((w) => w.stop()))
    },
  }
}
