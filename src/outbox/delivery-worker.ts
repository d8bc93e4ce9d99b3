import { setTimeout as sleep } from 'node:timers/promises'
import type { Clock } from '../clock.js'
import type { Logger } from '../logger.js'
import type { OutboxChannel } from './message.js'
import type { OutboxQueue } from './outbox-queue.js'
import type { OutboxRepository } from './outbox-repository.js'
import type { PacingLimiter } from './pacing-limiter.js'
import type { ChannelSender, OutgoingMessage } from './senders/channel-sender.js'
import { mergeMessages } from './merge-messages.js'
import { messageParts } from './message-parts.js'
import { outboxMetrics } from './outbox-metrics.js'

export interface DeliveryWorkerOptions {
  channel: OutboxChannel
  /** deliver only this account's messages (a bot account); absent: every account of the channel */
  account?: string
  queue: OutboxQueue
  repo: OutboxRepository
  sender: ChannelSender
  /** absent for e-mail, which has no platform pace */
  pacer?: PacingLimiter
  clock: Clock
  logger: Logger
  pollMs?: number
  /**
   * Longest pace wait while holding a claim. A send further off is given back and the account rests
   * until then, so a reply enqueued meanwhile overtakes a waiting notice, and one throttled robot key
   * does not hold up the others.
   */
  maxHoldMs?: number
  sendTimeoutMs?: number
  /** checked before every claim: the bot is logged in and this process holds the sender lease */
  canSend?: () => Promise<boolean>
}

/**
 * Claims due messages of one channel, paces them per account, sends them and records the outcome.
 * `tick()` sends everything due now (tests call it directly); `start()` runs it in a loop that wakes on
 * an in-process enqueue, at the end of a pace rest, or every `pollMs`.
 */
export class DeliveryWorker {
  private readonly resting = new Map<string, number>()
  private running = false
  private loop?: Promise<void>
  private wake?: () => void
  /** an enqueue that arrived while a tick was running: rest no longer than it takes to look again */
  private woken = false
  private unsubscribe?: () => void

  constructor(private readonly o: DeliveryWorkerOptions) {}

  async tick(): Promise<number> {
    let sent = 0
    for (;;) {
      if (this.o.canSend && !(await this.o.canSend())) return sent
      const now = this.o.clock.now().getTime()
      for (const [account, until] of this.resting) if (until <= now) this.resting.delete(account)
      if (this.o.account !== undefined && this.resting.has(this.o.account)) return sent
      const claim = await this.o.queue.claim({
        channel: this.o.channel,
        account: this.o.account,
        skipAccounts: [...this.resting.keys()],
      })
      if (!claim) return sent
      const msg = mergeMessages(claim.docs)
      const paceKey = `${this.o.channel}:${claim.docs[0].account}`
      let reservedAt: number | undefined
      if (this.o.pacer) {
        const maxHold = this.o.maxHoldMs ?? 1000
        const r = await this.o.pacer.reserve(paceKey, this.o.sender.room(msg), maxHold)
        if (!r.ok) {
          await this.o.queue.release(claim)
          this.resting.set(claim.docs[0].account, r.at - maxHold)
          continue
        }
        reservedAt = r.at
        const wait = r.at - this.o.clock.now().getTime()
        if (wait > 0) await sleep(wait)
      }
      // the pace wait may have outlasted the bot's login or the sender lease: check again before sending
      if (this.o.canSend && !(await this.o.canSend())) {
        await this.o.queue.release(claim)
        if (reservedAt !== undefined) await this.o.pacer?.complete(paceKey, reservedAt, null)
        return sent
      }
      const started = performance.now()
      const parts = messageParts(msg, this.o.sender.limit, this.o.sender.sendsFiles)
      // parts the platform took at an earlier attempt are not sent again (only a message sent alone keeps count)
      const alone = claim.docs.length === 1
      const skip = alone ? Math.min(claim.docs[0].partsSent ?? 0, parts.length) : 0
      let done = 0
      try {
        for (const part of parts.slice(skip)) {
          if (done > 0) reservedAt = await this.paceNextPart(paceKey, part)
          await withTimeout(this.o.sender.send(part), this.o.sendTimeoutMs ?? 60_000)
          done++
          // a part sent counts against the pace at the instant the platform took it
          if (reservedAt !== undefined && skip + done < parts.length)
            await this.o.pacer?.complete(paceKey, reservedAt, this.o.clock.now().getTime())
        }
        outboxMetrics.sendSeconds.observe({ channel: this.o.channel }, (performance.now() - started) / 1000)
        sent += await this.o.queue.sent(claim)
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err)
        // a message sent alone is retried from its first unsent part; a merged one sends every part again
        // (the ones already sent are repeated: logged, so it can be explained)
        const partial = parts.length > 1 ? { partsSent: skip + done, parts: parts.length } : {}
        this.o.logger.warn({ keys: msg.keys, channel: this.o.channel, error, ...partial }, 'outbox send failed')
        await this.o.queue.failed(claim, error, alone ? skip + done : undefined)
      }
      // a failed send still counts against the pace: the platform may have seen it
      if (reservedAt !== undefined) await this.o.pacer?.complete(paceKey, reservedAt, this.o.clock.now().getTime())
    }
  }

  /**
   * The second and later parts of a split message wait for their slot however far off it is: the message
   * has begun, and giving it back would send its first part again. (A split needs more slots than one
   * window holds only for a text many times the channel's length.)
   */
  private async paceNextPart(paceKey: string, part: OutgoingMessage): Promise<number | undefined> {
    if (!this.o.pacer) return undefined
    const r = await this.o.pacer.reserve(paceKey, this.o.sender.room(part), Number.POSITIVE_INFINITY)
    const wait = r.at - this.o.clock.now().getTime()
    if (wait > 0) await sleep(wait)
    return r.at
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.unsubscribe = this.o.repo.onEnqueued((channel) => {
      if (channel !== this.o.channel) return
      this.woken = true
      this.wake?.()
    })
    this.loop = (async () => {
      while (this.running) {
        try {
          await this.tick()
        } catch (err) {
          this.o.logger.error({ err, channel: this.o.channel }, 'outbox delivery tick failed')
        }
        if (this.running) await this.rest()
      }
    })()
  }

  async stop(): Promise<void> {
    this.running = false
    this.unsubscribe?.()
    this.wake?.()
    await this.loop
  }

  /** Sleeps until poll time, the end of the shortest pace rest, or an enqueue, whichever comes first. */
  private rest(): Promise<void> {
    const now = this.o.clock.now().getTime()
    const ms = Math.max(5, Math.min(this.o.pollMs ?? 1000, ...[...this.resting.values()].map((u) => u - now)))
    if (this.woken) {
      this.woken = false
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.woken = false
        resolve()
      }
      const timer = setTimeout(done, ms)
      this.wake = done
    })
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`send timed out after ${ms} ms`)), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}
