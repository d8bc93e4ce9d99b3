import type { Mention, OutboxTarget } from './message.js'
import type { OutboxDoc } from '../db/models/outbox-message.js'
import type { OutgoingMessage } from './senders/channel-sender.js'

/**
 * Several waiting messages for one recipient and merge group become one send: the texts one after the
 * other (a unit with three forms overdue gets one reminder listing all three, e.g.
 * "请尽快填报：项目支出绩效监控表" + "\n" + "请尽快填报：部门整体绩效监控表"), the same text only once,
 * @mentions unioned by id and name (a DingTalk group's atUserIds too), mail attachments concatenated.
 */
export function mergeMessages(docs: OutboxDoc[]): OutgoingMessage {
  const [head] = docs
  if (!head) throw new Error('mergeMessages needs at least one message')
  const texts = unique(docs.map((d) => d.text))
  const htmls = unique(docs.map((d) => d.html).filter((h): h is string => Boolean(h)))
  return {
    key: head.key,
    keys: docs.map((d) => d.key),
    target: mergeTargets(head.target, docs),
    text: texts.join('\n'),
    subject: head.subject,
    html: htmls.length ? htmls.join('\n<hr>\n') : undefined,
    attachments: docs.flatMap((d) => d.attachments ?? []),
    mentions: mergeMentions(docs.flatMap((d) => (d.target.channel === 'wechat' ? (d.target.mentions ?? []) : []))),
  }
}

function mergeTargets(head: OutboxTarget, docs: OutboxDoc[]): OutboxTarget {
  if (head.channel !== 'dingtalk' || docs.length < 2) return head
  const atUserIds = unique(docs.flatMap((d) => (d.target.channel === 'dingtalk' ? (d.target.atUserIds ?? []) : [])))
  return { ...head, atUserIds: atUserIds.length ? atUserIds : undefined }
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)]
}

function mergeMentions(ms: Mention[]): Mention[] {
  const out: Mention[] = []
  for (const m of ms) {
    if (out.some((o) => (m.id && o.id === m.id) || o.name === m.name)) continue
    out.push(m)
  }
  return out
}
