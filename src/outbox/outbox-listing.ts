import type { OutboxCounts } from './outbox-metrics.js'
import type { OutboxDoc } from '../db/models/outbox-message.js'
import { PRIORITY } from './message.js'

const priorityName = Object.fromEntries(
  Object.entries(PRIORITY).map(([k, v]) => [v, k === 'alert' ? 'reminder/alert' : k]),
)

/**
 * The admin CLI's view of the outbox: counts per channel and state, then one line per message, e.g.
 *   dead     email   attempts 3  due 2026-07-01T02:03:30Z  reminder:R1:U7:first → finance@unit.example
 *            last error: 451 mailbox busy
 */
export function formatOutboxListing(counts: OutboxCounts, docs: OutboxDoc[], now: Date): string {
  const lines: string[] = []
  lines.push('outbox by channel and state:')
  if (counts.length === 0) lines.push('  (empty)')
  for (const c of counts) lines.push(`  ${c.channel.padEnd(7)} ${c.state.padEnd(8)} ${c.count}`)
  lines.push('')
  lines.push(docs.length ? `${docs.length} message(s):` : 'no messages in the selected states')
  for (const d of docs) {
    const due =
      d.state === 'pending' || d.state === 'failed' ? `due ${iso(d.dueAt)}${d.dueAt > now ? '' : ' (now)'}` : ''
    const lease =
      d.state === 'sending' && d.leaseUntil ? `leased to ${d.leaseOwner ?? '?'} until ${iso(d.leaseUntil)}` : ''
    lines.push(
      `${d.state.padEnd(8)} ${d.channel.padEnd(7)} ${String(priorityName[d.priority] ?? d.priority).padEnd(14)} attempts ${d.attempts}  ${[due, lease].filter(Boolean).join(' ')}  ${d.key} → ${recipient(d)}`,
    )
    if (d.lastError) lines.push(`         last error: ${d.lastError}`)
  }
  return lines.join('\n')
}

export function recipient(d: OutboxDoc): string {
  const t = d.target
  switch (t.channel) {
    case 'wechat':
      return t.roomTopic ?? t.roomId ?? t.contactName ?? t.contactId ?? '?'
    case 'wecom':
      // the key is a secret: its head names the robot; a group without one waits for its push address
      return t.webhookKey ? `robot ${t.webhookKey.slice(0, 6)}…` : `WeCom group ${t.chatId ?? '?'} (no push address)`
    case 'email':
      return t.to.join(', ')
    case 'dingtalk':
      return t.conversationId ? `group ${t.conversationId}` : (t.userIds ?? []).join(', ')
    case 'wecom-app':
      return t.userIds.join(', ')
  }
}

function iso(d: Date): string {
  return new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
