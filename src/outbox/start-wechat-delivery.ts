import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { Wechaty } from 'wechaty'
import type { OutboxDeps } from './outbox-deps.js'
import { DeliveryWorker } from './delivery-worker.js'
import { alertingQueue } from './dead-alert.js'
import { PacingLimiter } from './pacing-limiter.js'
import { wechatPacing, type PacingPolicy } from './pacing-policy.js'
import { SenderLease } from './sender-lease.js'
import { wechatSender } from './senders/wechat-sender.js'
import { DEFAULT_WECHAT_ACCOUNT } from './to-record.js'

export interface WechatDeliveryOptions {
  container: OutboxDeps
  wechaty: Wechaty
  /** the bot account whose messages this process sends (OutboxInput.account) */
  account?: string
  /** this process's name in leases; defaults to host:pid:random */
  owner?: string
  /** overrides config.pacing (tests scale it: e.g. 10 per 1000 ms = 600/min) */
  pacing?: PacingPolicy
  senderLeaseMs?: number
  messageLeaseMs?: number
  /** longest pace wait while holding a claim (DeliveryWorkerOptions.maxHoldMs); tests with scaled windows shorten it */
  maxHoldMs?: number
  pollMs?: number
}

export interface WechatDelivery {
  owner: string
  /** true while this process holds the account's sender lease */
  isSender(): boolean
  /** `release: false` leaves the lease to lapse, as a crashed process would */
  stop(opts?: { release?: boolean }): Promise<void>
}

/**
 * The bot calls this once it has logged in. Sends the account's WeChat messages while the bot is logged
 * in and this process holds the sender lease `wechat:<account>`; a second process started for the same
 * account stays standby and takes over when the lease lapses. Logged out: messages just wait.
 */
export function startWechatDelivery(o: WechatDeliveryOptions): WechatDelivery {
  const { container: c, wechaty } = o
  const account = o.account ?? DEFAULT_WECHAT_ACCOUNT
  const owner = o.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const lease = new SenderLease(c.conn, c.clock, `wechat:${account}`, owner, o.senderLeaseMs ?? 30_000)
  let holding = false
  const canSend = async (): Promise<boolean> => {
    if (!wechaty.isLoggedIn) return false
    const held = await lease.acquire()
    if (held !== holding)
      c.logger.info(
        { account, owner },
        held ? 'WeChat sender lease taken: this process sends' : 'WeChat sender lease lost: standing by',
      )
    holding = held
    return held
  }
  const worker = new DeliveryWorker({
    channel: 'wechat',
    account,
    queue: alertingQueue(c, owner, o.messageLeaseMs ?? 120_000),
    repo: c.outbox,
    sender: wechatSender(wechaty, c.logger),
    pacer: new PacingLimiter(c.conn, c.clock, o.pacing ?? wechatPacing(c.config)),
    clock: c.clock,
    logger: c.logger,
    pollMs: o.pollMs,
    maxHoldMs: o.maxHoldMs,
    canSend,
  })
  worker.start()
  return {
    owner,
    isSender: () => holding,
    async stop(opts = {}) {
      await worker.stop()
      if (opts.release !== false && holding) await lease.release()
      holding = false
    },
  }
}
