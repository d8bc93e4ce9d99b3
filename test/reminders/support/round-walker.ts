import { DateTime } from 'luxon'
import type { Connection } from 'mongoose'
import type { ParsedMail } from 'mailparser'
import { ManualClock } from '../../../src/clock.js'
import type { Container } from '../../../src/container.js'
import {
  startEmailWebhookDelivery,
  type EmailWebhookDelivery,
} from '../../../src/outbox/start-email-webhook-delivery.js'
import { startWechatDelivery, type WechatDelivery } from '../../../src/outbox/start-wechat-delivery.js'
import { escalateOverdue } from '../../../jobs/escalate-overdue.js'
import { sendDigests } from '../../../jobs/send-digests.js'
import { sweepReminders } from '../../../jobs/sweep-reminders.js'
import { openTestDb, closeTestDb } from '../../support/db.js'
import { outboxContainer } from '../../outbox/support/outbox-test-container.js'
import { startMockWechat, type MockWechat, type SentText } from '../../outbox/support/mock-wechat.js'
import { startSmtpCapture, type SmtpCapture } from '../../outbox/support/smtp-capture.js'
import { waitFor } from '../../outbox/support/wait-for.js'
import { BUREAU, NAMES, OWN, SHARED, SUBMITS, formsOf, seedWalkCounty, type WalkCounty } from './walk-county.js'

export const ZONE = 'Asia/Shanghai'
/** night, the reminder hour, midday (submissions land), the due-day afternoon slot, quiet hours */
export const TIMES = ['02:00', '09:00', '12:00', '16:00', '22:00']
/** the instants at which anything happens: enough to bring a fresh database to a later day */
const ACTIVE_TIMES = ['09:00', '12:00', '16:00']
const FIRST_DAY = '2027-07-02'
const pacing = { perWindow: 1000, windowMs: 1000, minGapMs: 0, switchMs: 0 }
const codesIn = (text: string) =>
  Object.keys(NAMES)
    .filter((c) => text.includes(NAMES[c]))
    .join(',')
const tag = (text: string) => /【(.+?)】/.exec(text)?.[1] ?? '?'

export const instant = (day: string, time: string) => DateTime.fromISO(`${day}T${time}`, { zone: ZONE })

interface Worker {
  c: Container
  clock: ManualClock
  wechat: WechatDelivery
  mail: EmailWebhookDelivery
}

/**
 * The round walk's world on a database of its own: the walk county, a mock WeChat and a real SMTP server.
 * `fastForward(day)` brings it to the morning of `day` by running each job once at the instants where
 * something happens; `walk(from, to)` then runs every job twice at each of TIMES and records what was
 * delivered, as lines "MM-dd HH:mm <room> <tag> [unit codes]" and "MM-dd HH:mm <to> <tag> <unit codes>".
 * Starting the walker is a restart: a new container, clock and delivery on a database some earlier
 * process wrote.
 */
export class RoundWalker {
  readonly wechatLines: string[] = []
  readonly mailLines: string[] = []
  readonly sentTexts: (SentText & { label: string })[] = []
  readonly mails: ParsedMail[] = []
  private readonly submitted = new Set<string>()
  private w?: Worker

  private constructor(
    readonly db: Connection,
    readonly wx: MockWechat,
    readonly smtp: SmtpCapture,
    readonly county: WalkCounty,
  ) {}

  static async open(label: string): Promise<RoundWalker> {
    const db = await openTestDb(label)
    const smtp = await startSmtpCapture()
    const wx = await startMockWechat('walk')
    const county = await seedWalkCounty(db, wx)
    await wx.login()
    return new RoundWalker(db, wx, smtp, county)
  }

  /** the worker of this process (started at the first step) */
  get container(): Container {
    if (!this.w) throw new Error('the walker has not started a worker yet')
    return this.w.c
  }

  /** Runs the jobs once at each active instant from the first day until (not including) `until`, recording nothing. */
  async fastForward(until: DateTime): Promise<void> {
    for (let d = instant(FIRST_DAY, '00:00'); d < until; d = d.plus({ days: 1 })) {
      for (const time of ACTIVE_TIMES) {
        const now = instant(d.toISODate()!, time)
        if (now < until) await this.step(now, { times: 1, record: false })
      }
    }
  }

  /** Every job twice at each of TIMES from `from` to `to` (inclusive), recording what was delivered. */
  async walk(from: DateTime, to: DateTime): Promise<void> {
    for (let d = from.startOf('day'); d <= to; d = d.plus({ days: 1 })) {
      for (const time of TIMES) {
        const now = instant(d.toISODate()!, time)
        if (now >= from && now <= to) await this.step(now, { times: 2, record: true })
      }
    }
  }

  async close(): Promise<void> {
    await this.w?.wechat.stop()
    await this.wx.stop()
    await this.smtp.close()
    await closeTestDb(this.db)
  }

  private async worker(at: Date): Promise<Worker> {
    if (this.w) return this.w
    const clock = new ManualClock(at)
    const c = await outboxContainer(
      this.db,
      { SMTP_URL: this.smtp.url, MAIL_FROM: '县财政局 <czj@county.example>' },
      clock,
    )
    const wechat = startWechatDelivery({ container: c, wechaty: this.wx.bot, pacing, pollMs: 200 })
    const mail = startEmailWebhookDelivery(c, { autoStart: false })
    this.w = { c, clock, wechat, mail }
    return this.w
  }

  private async step(now: DateTime, o: { times: number; record: boolean }): Promise<void> {
    const w = await this.worker(now.toJSDate())
    const label = now.toFormat('MM-dd HH:mm')
    w.clock.set(now.toJSDate())
    for (const [code, at] of Object.entries(SUBMITS)) {
      if (this.submitted.has(code) || DateTime.fromISO(at, { zone: ZONE }) > now) continue
      for (const f of formsOf(code)) {
        const head = {
          id: `walk-${code}-${f}`,
          version: 1,
          status: 'submitted' as const,
          by: 'walk',
          channel: 'wechat' as const,
          updatedAt: now.toJSDate(),
        }
        await w.c.repos.rounds.recordHead(this.county.roundId, code, f, head, now.toJSDate())
      }
      this.submitted.add(code)
    }
    const before = { wx: this.wx.sent.length, mail: this.smtp.mails.length }
    const handlers = [sweepReminders, escalateOverdue, sendDigests].map((j) => j.handler(w.c))
    for (let i = 0; i < o.times; i++) for (const h of handlers) await h({})
    // (a message scheduled for later — e.g. an alert held past quiet hours — is not due yet)
    await waitFor(
      async () =>
        (await w.c.outbox.model.countDocuments({
          channel: 'wechat',
          state: { $ne: 'sent' },
          dueAt: { $lte: now.toJSDate() },
        })) === 0,
      `wechat delivery at ${label}`,
    )
    await w.mail.email.tick()
    const mailCount = await w.c.outbox.model.countDocuments({ channel: 'email', state: 'sent' })
    await waitFor(() => this.smtp.mails.length === mailCount, `mail delivery at ${label}`)
    if (!o.record) return
    for (const s of this.wx.sent.slice(before.wx)) {
      const topic = Object.entries(this.county.rooms).find(([, id]) => id === s.conversationId)?.[0] ?? '?'
      const where = topic in OWN ? OWN[topic as keyof typeof OWN] : topic === 'shared' ? SHARED : BUREAU
      this.wechatLines.push(`${label} ${where} ${tag(s.text)}${topic in OWN ? '' : ` ${codesIn(s.text)}`}`)
      this.sentTexts.push({ ...s, label })
    }
    for (const m of this.smtp.mails.slice(before.mail)) {
      const to = [m.to]
        .flat()
        .map((a) => a?.text)
        .join(',')
      this.mailLines.push(`${label} ${to} ${tag(m.subject ?? '')} ${codesIn(m.text ?? '')}`)
      this.mails.push(m)
    }
  }
}
