import { Counter, Gauge, Histogram } from 'prom-client'
import { registry } from '../metrics.js'
import type { OutboxChannel, OutboxState } from './message.js'

/**
 * Outbox metrics on the one registry, labelled by channel:
 *   tianbao_outbox_enqueued_total, _sent_total, _failed_total (one per failed attempt), _dead_total,
 *   tianbao_outbox_send_seconds (how long the platform took to accept a send),
 *   tianbao_outbox_messages{channel,state} (what is in the outbox now, read from the database at scrape).
 */
const labelNames = ['channel'] as const
export const outboxMetrics = {
  enqueued: new Counter({
    name: 'tianbao_outbox_enqueued_total',
    help: 'outbox messages inserted (duplicates by key not counted)',
    labelNames,
    registers: [registry],
  }),
  sent: new Counter({
    name: 'tianbao_outbox_sent_total',
    help: 'outbox messages delivered',
    labelNames,
    registers: [registry],
  }),
  failed: new Counter({
    name: 'tianbao_outbox_failed_total',
    help: 'failed delivery attempts',
    labelNames,
    registers: [registry],
  }),
  dead: new Counter({
    name: 'tianbao_outbox_dead_total',
    help: 'outbox messages given up after the last attempt',
    labelNames,
    registers: [registry],
  }),
  sendSeconds: new Histogram({
    name: 'tianbao_outbox_send_seconds',
    help: 'time a channel took to accept one send',
    labelNames,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  }),
}

export type OutboxCounts = { channel: OutboxChannel; state: OutboxState; count: number }[]

let source: (() => Promise<OutboxCounts>) | undefined
/**
 * The queued gauge reads the database when scraped, so every process reports the shared outbox (not
 * just what it enqueued itself). The last caller's source wins; one per process is expected.
 */
export function setOutboxCountsSource(fn: () => Promise<OutboxCounts>): void {
  source = fn
}

new Gauge({
  name: 'tianbao_outbox_messages',
  help: 'outbox messages by channel and state (read at scrape time)',
  labelNames: ['channel', 'state'] as const,
  registers: [registry],
  async collect() {
    if (!source) return
    this.reset()
    for (const c of await source()) this.set({ channel: c.channel, state: c.state }, c.count)
  },
})
