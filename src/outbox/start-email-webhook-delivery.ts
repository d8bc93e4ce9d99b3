import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { OutboxDeps } from './outbox-deps.js'
import { DeliveryWorker } from './delivery-worker.js'
import { alertingQueue } from './dead-alert.js'
import { PacingLimiter } from './pacing-limiter.js'
import { wecomPacing, type PacingPolicy } from './pacing-policy.js'
import { setOutboxCountsSource } from './outbox-metrics.js'
import { emailSender } from './senders/email-sender.js'
import { wecomSender } from './senders/wecom-sender.js'
import { MAIL_ACCOUNT } from './to-record.js'

export interface EmailWebhookDeliveryOptions {
  owner?: string
  /** overrides config.pacing for WeCom robots (tests scale it) */
  wecomPacing?: PacingPolicy
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
  stop(): Promise<void>
}

/**
 * The worker role's delivery: e-mail (SMTP, or .eml files when SMTP_URL is unset) and WeCom group-robot
 * webhooks, paced per robot key. Any number of worker processes may run it: claims are atomic and the
 * pace lives in the database.
 */
export function startEmailWebhookDelivery(c: OutboxDeps, o: EmailWebhookDeliveryOptions = {}): EmailWebhookDelivery {
  const owner = o.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const queue = alertingQueue(c, owner, o.messageLeaseMs ?? 120_000)
  const common = { queue, repo: c.outbox, clock: c.clock, logger: c.logger, pollMs: o.pollMs, maxHoldMs: o.maxHoldMs }
  const email = new DeliveryWorker({
    ...common,
    channel: 'email',
    account: MAIL_ACCOUNT,
    sender: emailSender(c.config, c.logger),
  })
  const wecom = new DeliveryWorker({
    ...common,
    channel: 'wecom',
    sender: wecomSender(c.config),
    pacer: new PacingLimiter(c.conn, c.clock, o.wecomPacing ?? wecomPacing(c.config)),
  })
  setOutboxCountsSource(() => c.outbox.counts())
  if (o.autoStart !== false) {
    email.start()
    wecom.start()
  }
  c.logger.info(
    { smtp: Boolean(c.config.mail.smtpUrl), mailDir: c.config.mail.smtpUrl ? undefined : c.config.mail.dir },
    'e-mail and webhook delivery started',
  )
  return {
    email,
    wecom,
    async stop() {
      await Promise.all([email.stop(), wecom.stop()])
    },
  }
}
