import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import type { Container } from '../../src/container.js'
import { PRIORITY, type OutboxInput, type Priority } from '../../src/outbox/message.js'
import { onBotLogin, onBotLogout, botPresence } from '../../src/outbox/bot-presence.js'
import { startWechatDelivery } from '../../src/outbox/start-wechat-delivery.js'
import { startEmailWebhookDelivery } from '../../src/outbox/start-email-webhook-delivery.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { outboxContainer } from './support/outbox-test-container.js'
import { startMockWechat, type MockWechat } from './support/mock-wechat.js'
import { startSmtpCapture, outboxKeyOf, type SmtpCapture } from './support/smtp-capture.js'
import { waitFor, sleep } from './support/wait-for.js'

const pacing = { perWindow: 10, windowMs: 1000, minGapMs: 20, switchMs: 50 }

describe('outbox: the bot logs out', () => {
  let db: Connection
  let c: Container
  let wx: MockWechat
  let smtp: SmtpCapture
  let room: { id: string; topic: string }

  beforeAll(async () => {
    db = await openTestDb('outbox_logout')
    smtp = await startSmtpCapture()
    c = await outboxContainer(db, { SMTP_URL: smtp.url, OPS_EMAIL: 'ops@bureau.example' })
    wx = await startMockWechat('logout')
    const staff = wx.mocker.createContact({ name: '张丽' })
    const r = wx.mocker.createRoom({ topic: '一中财务群', memberIdList: [wx.user.id, staff.id] })
    room = { id: r.id, topic: '一中财务群' }
    await wx.login()
  })
  afterAll(async () => {
    await wx.stop()
    await smtp.close()
    await closeTestDb(db)
  })

  const msg = (key: string, priority: Priority): OutboxInput => ({
    key,
    target: { channel: 'wechat', roomId: room.id, roomTopic: room.topic },
    text: key,
    priority,
  })

  it('messages wait while logged out, one alert e-mail per logout, then go out by priority and age', async () => {
    const mail = startEmailWebhookDelivery(c, { pollMs: 20 })
    const wechat = startWechatDelivery({ container: c, wechaty: wx.bot, pacing, pollMs: 20 })
    await onBotLogin(c, 'default')

    await wx.logout()
    expect(await onBotLogout(c, 'default', 'kicked')).toBe(true)
    // the puppet may report the same logout again: no second alert
    expect(await onBotLogout(c, 'default', 'kicked')).toBe(false)
    expect(await botPresence(c, 'default')).toMatchObject({ loggedIn: false, episode: 1 })

    await c.outbox.enqueue(msg('notice:old', PRIORITY.notice))
    await sleep(5)
    await c.outbox.enqueue(msg('reminder:R1:U1', PRIORITY.reminder))
    await sleep(5)
    await c.outbox.enqueue(msg('notice:new', PRIORITY.notice))
    await sleep(5)
    await c.outbox.enqueue(msg('reply:1', PRIORITY.reply))

    await waitFor(() => smtp.mails.length >= 1, 'the alert e-mail')
    await sleep(400)
    expect(wx.sent).toHaveLength(0)
    expect(await c.outbox.model.countDocuments({ channel: 'wechat', state: 'pending' })).toBe(4)
    expect(smtp.mails).toHaveLength(1)
    expect(outboxKeyOf(smtp.mails[0])).toBe('alert:bot-logout:default:1')
    expect(smtp.mails[0].subject).toContain('已退出登录')
    expect(smtp.mails[0].text).toContain('待发送的微信消息：0 条')

    await wx.login()
    await onBotLogin(c, 'default')
    await waitFor(() => wx.sent.length >= 4, 'the waiting messages')
    expect(wx.sent.map((s) => s.text)).toEqual(['reply:1', 'reminder:R1:U1', 'notice:old', 'notice:new'])

    // a second logout is a new episode with its own alert
    await wx.logout()
    expect(await onBotLogout(c, 'default')).toBe(true)
    await waitFor(() => smtp.mails.length >= 2, 'the second alert')
    await sleep(200)
    expect(smtp.mails.map(outboxKeyOf)).toEqual(['alert:bot-logout:default:1', 'alert:bot-logout:default:2'])

    await wechat.stop()
    await mail.stop()
  })
})
