import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { DateTime } from 'luxon'
import type { Connection } from 'mongoose'
import type { ParsedMail } from 'mailparser'
import { ManualClock } from '../../src/clock.js'
import type { Container } from '../../src/container.js'
import { startEmailWebhookDelivery, type EmailWebhookDelivery } from '../../src/outbox/start-email-webhook-delivery.js'
import { startWechatDelivery, type WechatDelivery } from '../../src/outbox/start-wechat-delivery.js'
import { escalateOverdue } from '../../jobs/escalate-overdue.js'
import { sendDigests } from '../../jobs/send-digests.js'
import { sweepReminders } from '../../jobs/sweep-reminders.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { outboxContainer } from '../outbox/support/outbox-test-container.js'
import { startMockWechat, type MockWechat, type SentText } from '../outbox/support/mock-wechat.js'
import { startSmtpCapture, type SmtpCapture } from '../outbox/support/smtp-capture.js'
import { waitFor } from '../outbox/support/wait-for.js'
import { BUREAU, NAMES, OWN, SHARED, SUBMITS, formsOf, seedWalkCounty, type WalkCounty } from './support/walk-county.js'

const Z = 'Asia/Shanghai'
// night, the reminder hour, midday (submissions land), the due-day afternoon slot, quiet hours
const TIMES = ['02:00', '09:00', '12:00', '16:00', '22:00']
const pacing = { perWindow: 1000, windowMs: 1000, minGapMs: 0, switchMs: 0 }
const codesIn = (text: string) => Object.keys(NAMES).filter((c) => text.includes(NAMES[c])).join(',')
const tag = (text: string) => /【(.+?)】/.exec(text)?.[1] ?? '?'

/**
 * The issue's round walk: day −8 (Fri 07-02) to day +4 (Wed 07-14) of a round due Sat 2027-07-10, every
 * job handler run twice at each instant, the worker "restarted" (a new container, clock and delivery on
 * the same database) on the due-day eve, messages delivered to the mock puppet and a real SMTP server.
 */
describe('round walk: reminders, escalation and digests end to end', () => {
  let db: Connection
  let wx: MockWechat
  let smtp: SmtpCapture
  let county: WalkCounty
  const wechat: string[] = []
  const mails: string[] = []
  const sentTexts: (SentText & { label: string })[] = []
  const parsed: ParsedMail[] = []

  beforeAll(async () => {
    db = await openTestDb('round_walk')
    smtp = await startSmtpCapture()
    wx = await startMockWechat('walk')
    county = await seedWalkCounty(db, wx)
    await wx.login()
  })
  afterAll(async () => {
    await wx.stop()
    await smtp.close()
    await closeTestDb(db)
  })

  async function worker(at: Date): Promise<{ c: Container; clock: ManualClock; d: WechatDelivery; mail: EmailWebhookDelivery; run: () => Promise<void> }> {
    const clock = new ManualClock(at)
    const c = await outboxContainer(db, { SMTP_URL: smtp.url, MAIL_FROM: '县财政局 <czj@county.example>' }, clock)
    const handlers = [sweepReminders, escalateOverdue, sendDigests].map((j) => j.handler(c))
    const d = startWechatDelivery({ container: c, wechaty: wx.bot, pacing, pollMs: 200 })
    const mail = startEmailWebhookDelivery(c, { autoStart: false })
    const run = async () => {
      for (const h of [...handlers, ...handlers]) await h({})
    }
    return { c, clock, d, mail, run }
  }

  it('sends exactly the expected messages and mails, at allowed hours on working days, never twice', async () => {
    const submitted = new Set<string>()
    let w = await worker(DateTime.fromISO('2027-07-02T00:00', { zone: Z }).toJSDate())
    for (let day = DateTime.fromISO('2027-07-02', { zone: Z }); day.toISODate()! <= '2027-07-14'; day = day.plus({ days: 1 })) {
      for (const time of TIMES) {
        const now = DateTime.fromISO(`${day.toISODate()}T${time}`, { zone: Z })
        const label = now.toFormat('MM-dd HH:mm')
        if (label === '07-09 12:00') {
          // restart: the old worker stops, a new process (container, clock, delivery) takes over
          await w.d.stop()
    // no holiday data for 2027 in this county (package or overrides): the job warns the bureau
    expect((await w.c.chase.reminders.sweep()).unknownYears).toEqual([2027])
          w = await worker(now.toJSDate())
        }
        w.clock.set(now.toJSDate())
        for (const [code, at] of Object.entries(SUBMITS)) {
          if (submitted.has(code) || DateTime.fromISO(at, { zone: Z }) > now) continue
          for (const f of formsOf(code)) await w.c.repos.rounds.recordHead(county.roundId, code, f, { id: `walk-${code}-${f}`, version: 1, status: 'submitted', by: 'walk', channel: 'wechat', updatedAt: now.toJSDate() }, now.toJSDate())
          submitted.add(code)
        }
        const before = { wx: wx.sent.length, mail: smtp.mails.length }
        await w.run()
        // (a message scheduled for later — e.g. an alert held past quiet hours — is not due yet)
        await waitFor(async () => (await w.c.outbox.model.countDocuments({ channel: 'wechat', state: { $ne: 'sent' }, dueAt: { $lte: now.toJSDate() } })) === 0, `wechat delivery at ${label}`)
        await w.mail.email.tick()
        const mailCount = await w.c.outbox.model.countDocuments({ channel: 'email', state: 'sent' })
        await waitFor(() => smtp.mails.length === mailCount, `mail delivery at ${label}`)
        for (const s of wx.sent.slice(before.wx)) {
          const topic = Object.entries(county.rooms).find(([, id]) => id === s.conversationId)?.[0] ?? '?'
          const where = topic in OWN ? OWN[topic as keyof typeof OWN] : topic === 'shared' ? SHARED : BUREAU
          wechat.push(`${label} ${where} ${tag(s.text)}${topic in OWN ? '' : ` ${codesIn(s.text)}`}`)
          sentTexts.push({ ...s, label })
        }
        for (const m of smtp.mails.slice(before.mail)) {
          const to = [m.to].flat().map((a) => a?.text).join(',')
          mails.push(`${label} ${to} ${tag(m.subject ?? '')} ${codesIn(m.text ?? '')}`)
          parsed.push(m)
        }
      }
    }
    await w.d.stop()

    expect(wechat.sort()).toEqual(
      [
      `07-02 09:00 ${BUREAU} 催报未送达 N`,
      // 2027 has no holiday data: the bureau is told once — held past the night's quiet hours, never repeated
      `07-02 09:00 ${BUREAU} 节假日未录入 `,
      `07-02 09:00 ${OWN.A} 催报提醒`,
      `07-02 09:00 ${OWN.B} 催报提醒`,
      `07-02 09:00 ${OWN.C} 催报提醒`,
      `07-02 09:00 ${SHARED} 催报提醒 F,G,H`,
      `07-07 09:00 ${BUREAU} 催报未送达 N`,
      `07-07 09:00 ${OWN.B} 催报提醒`,
      `07-07 09:00 ${OWN.C} 催报提醒`,
      `07-07 09:00 ${SHARED} 催报提醒 F,G,H`,
      `07-08 09:00 ${OWN.E} 催报提醒`, // E's extension to 07-15: 7 days before
      `07-09 09:00 ${BUREAU} 催报未送达 N`,
      `07-09 09:00 ${OWN.B} 催报提醒`,
      `07-09 09:00 ${OWN.C} 催报提醒`,
      `07-09 09:00 ${SHARED} 催报提醒 F,G,H`,
      `07-09 16:00 ${OWN.B} 催报提醒`, // due Sat → both due-day reminders on Fri; after the restart
      `07-09 16:00 ${OWN.C} 催报提醒`,
      `07-09 16:00 ${SHARED} 催报提醒 F,G`, // H submitted at 12:00
      `07-12 09:00 ${BUREAU} 催报未送达 N`,
      `07-12 09:00 ${OWN.B} 逾期催办`, // day 1 = Monday
      `07-12 09:00 ${OWN.C} 逾期催办`,
      `07-12 09:00 ${OWN.E} 催报提醒`, // 3 days before 07-15
      `07-12 09:00 ${SHARED} 逾期催办 F,G`,
      `07-14 09:00 ${OWN.E} 催报提醒`, // 1 day before 07-15
      ].sort(),
    )
    expect(mails.sort()).toEqual(
      [
      '07-05 09:00 zhao@czj.example 进度周报 A,B,C,E,F,G,H,N',
      '07-12 09:00 b.head@county.example 逾期提醒 B',
      '07-12 09:00 c.head@county.example 逾期提醒 C',
      '07-12 09:00 f.head@county.example 逾期提醒 F',
      '07-12 09:00 g.head@county.example 逾期提醒 G',
      '07-12 09:00 n.head@county.example 逾期提醒 N',
      '07-12 09:00 zhao@czj.example 进度周报 B,C,E,F,G,N',
      '07-13 09:00 liu@county.example 逾期通报 F,G', // 乡镇 tag; B submitted on day 1 and is gone
      '07-13 09:00 wang@county.example 逾期通报 C,F,G,N',
      '07-14 09:00 liu@county.example 逾期通报 F,G',
      '07-14 09:00 wang@county.example 逾期通报 C,F,G,N',
      ].sort(),
    )
    expect(await db.collection('outbox').countDocuments()).toBe(wechat.length + mails.length)
  })

  it('writes the own-group reminder in full and @mentions the bound members in the shared group', () => {
    const c = sentTexts.find((s) => s.label === '07-07 09:00' && s.conversationId === county.rooms.C)
    expect(c?.text).toBe(
      ['@C财务小李 【催报提醒】2027年1-6月预算绩效运行监控', '示例县水务局还有以下监控表未提交：', '1. 部门整体支出绩效目标执行监控表', '2. 项目支出绩效目标执行监控表', '截止时间：7月10日（周六）24:00，还剩3天。', '请在群里发送“填报”开始填写，也可在小程序中填报。'].join('\n'),
    )
    const shared = sentTexts.find((s) => s.label === '07-09 16:00' && s.conversationId === county.rooms.shared)
    expect(shared?.mentionIds).toEqual([county.members.F, county.members.G])
    expect(shared?.text).toContain('1. 甲乡人民政府：部门整体表\n2. 乙镇人民政府：部门整体表、自评公开网址')
    const digest = parsed.find((m) => m.subject?.includes('逾期通报') && String(m.to && [m.to].flat()[0]?.text).startsWith('wang'))
    expect(digest?.text).toContain('示例县水务局 — 逾期3天')
    expect(digest?.text).toContain('财务：C财务小李 13900000002')
    expect(digest?.text).toContain('未绑定微信群或联系人，催报无法送达，请电话联系：示例县地震局')
    expect(digest?.html).toContain('<a href="tel:13900000002">')
  })
})
