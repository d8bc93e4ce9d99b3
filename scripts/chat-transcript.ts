import type { Model } from 'mongoose'
import type { Sent } from '../bot/mock-chat.js'
import type { OutboxDoc, OutboxRecord } from '../src/db/models/outbox-message.js'

/** How the simulator labels a message by what produced it (the outbox's `meta.kind`). */
const LABELS: Record<string, string> = {
  reply: '回复',
  reminder: '催报',
  escalation: '逾期催办',
  return: '退回',
  notice: '通知',
  'notice-follow-up': '通知提醒',
  alert: '提醒',
}

/**
 * What `npm run chat` prints: every message the bot sent to the simulated room (or, in a private chat, to
 * the simulated person) — replies, and what arrives on its own: a return notice with the bureau's comment,
 * a broadcast notice, a reminder — once each, in the order sent, marked by kind:
 *
 *   机器人> 已记录……                (a reply)
 *   机器人（退回）> 《项目支出……》被退回：……
 */
export class ChatTranscript {
  private printed = 0

  constructor(
    private readonly sent: readonly Sent[],
    private readonly outbox: Model<OutboxDoc>,
    private readonly where: { roomId: string } | { contactId: string },
    private readonly print: (line: string) => void = (l) => console.log(l),
  ) {}

  /** Prints what was sent since the last flush. */
  async flush(): Promise<void> {
    const fresh = this.sent
      .slice(this.printed)
      .filter((s) =>
        'roomId' in this.where ? s.roomId === this.where.roomId : !s.roomId && s.toId === this.where.contactId,
      )
    this.printed = this.sent.length
    if (!fresh.length) return
    const target =
      'roomId' in this.where ? { 'target.roomId': this.where.roomId } : { 'target.contactId': this.where.contactId }
    const docs = await this.outbox
      .find({ ...target, state: 'sent' }, { text: 1, meta: 1 })
      .sort({ _id: -1 })
      .limit(200)
      .lean<Pick<OutboxRecord, 'text' | 'meta'>[]>()
    for (const s of fresh) {
      // a merged message holds several outbox texts: the first one found names its kind
      const kind = docs.find((d) => s.text.includes(d.text))?.meta?.kind ?? 'reply'
      const label = LABELS[kind] ?? kind
      const text = s.text.replace(/^@\S+?\u2005/, '').replace(/\n/g, '\n         ')
      this.print(`机器人${kind === 'reply' ? '' : `（${label}）`}> ${text}`)
    }
  }
}
