import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { createHash } from 'node:crypto'
import type { Connection } from 'mongoose'
import { ManualClock } from '../../src/clock.js'
import { DingTalkApi } from '../../src/channels/dingtalk/dingtalk-api.js'
import { dingtalkSender } from '../../src/channels/dingtalk/dingtalk-sender.js'
import { wecomAppSender } from '../../src/channels/wecom/wecom-app-sender.js'
import type { Container } from '../../src/container.js'
import { CHANNEL_LIMITS } from '../../src/channels/limits.js'
import { DeliveryWorker } from '../../src/outbox/delivery-worker.js'
import { messageParts } from '../../src/outbox/message-parts.js'
import { PRIORITY, type OutboxInput, type OutboxTarget } from '../../src/outbox/message.js'
import { OutboxQueue } from '../../src/outbox/outbox-queue.js'
import type { ChannelSender } from '../../src/outbox/senders/channel-sender.js'
import { wechatSender } from '../../src/outbox/senders/wechat-sender.js'
import { wecomSender } from '../../src/outbox/senders/wecom-sender.js'
import { FakeDingTalk } from '../../fixtures/fake-dingtalk.js'
import { startFakeWecom, type FakeWecom } from '../../fixtures/fake-wecom.js'
import { startMockWechat, type MockWechat } from '../../fixtures/mock-wechat.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { outboxContainer } from './support/outbox-test-container.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const NAME = 'D012-项目支出-2027年6月.xlsx'
/** any bytes will do: the senders pass them on untouched, the fakes hash what they received */
const DATA = Buffer.from(`PK\u0003\u0004 a template ${'x'.repeat(300)}`)
const SHA = createHash('sha256').update(DATA).digest('hex')
const TEXT = '本单位的填报模板如下，填好后可直接发回本群。'

const wecomBot = { token: 'tok', encodingAESKey: 'a'.repeat(43), corpId: 'corp1', corpSecret: 'sec1' }

describe('outbox: a message with a file sends its text, then the file, on every chat channel that sends files', () => {
  let db: Connection
  let c: Container
  let clock: ManualClock
  let wx: MockWechat
  let roomId: string
  let ding: FakeDingTalk
  let wecom: FakeWecom

  beforeAll(async () => {
    db = await openTestDb('outbox_file_parts')
    clock = new ManualClock('2027-07-01T01:00:00Z')
    c = await outboxContainer(db, {}, clock)
    wx = await startMockWechat('files')
    roomId = wx.mocker.createRoom({ topic: '东山镇工作群', memberIdList: [wx.user.id] }).id
    await wx.login()
    ding = await new FakeDingTalk().start()
    wecom = await startFakeWecom(wecomBot)
    // the groups' robots (a key no group added is refused, errcode 93000)
    for (const key of ['KEY-G1', 'KEY-G2']) wecom.addRobot(key)
  })
  afterAll(async () => {
    await wx.stop()
    await ding.stop()
    await wecom.close()
    await closeTestDb(db)
  })

  let n = 0
  const enqueue = async (target: OutboxTarget, account?: string): Promise<string> => {
    const key = `file-test:${++n}`
    const msg: OutboxInput = {
      key,
      account,
      target,
      text: TEXT,
      attachments: [{ filename: NAME, contentType: XLSX, content: DATA.toString('base64') }],
      priority: PRIORITY.reply,
    }
    await c.outbox.enqueue(msg)
    return key
  }
  const deliver = (sender: ChannelSender, account?: string): Promise<number> =>
    new DeliveryWorker({
      channel: sender.channel,
      account,
      queue: new OutboxQueue(c.outbox.model, clock, 'test', 60_000, 5),
      repo: c.outbox,
      sender,
      clock,
      logger: c.logger,
    }).tick()

  it('wechat: the text, then a FileBox of the bytes and name in the same room', async () => {
    const before = wx.sent.length
    const key = await enqueue({ channel: 'wechat', roomId, roomTopic: '东山镇工作群' })
    expect(await deliver(wechatSender(wx.bot, c.logger), 'default')).toBe(1)
    expect(wx.sent.slice(before).map((s) => ({ to: s.conversationId, text: s.text, file: s.file }))).toEqual([
      { to: roomId, text: TEXT, file: undefined },
      { to: roomId, text: '', file: { name: NAME, sha256: SHA } },
    ])
    expect(await c.outbox.findByKey(key)).toMatchObject({ state: 'sent' })
  })

  it('DingTalk: the text, then the file uploaded (oapi media/upload) and sent as sampleFile to the group', async () => {
    const api = new DingTalkApi(ding.settings(), clock)
    // a chat reply in a DingTalk group: the chat core's shape, under the robot's account
    await enqueue({ channel: 'wechat', roomId: 'cidGROUP1', roomTopic: '' }, 'dingtalk:dingtestkey')
    expect(await deliver(dingtalkSender(api), 'dingtalk:dingtestkey')).toBe(1)
    expect(ding.sends()).toEqual([
      { to: 'cidGROUP1', text: TEXT },
      { to: 'cidGROUP1', file: { name: NAME, sha256: SHA, fileType: 'xlsx' } },
    ])
  })

  it('WeCom group robot: the text, then upload_media and msgtype file on the same key', async () => {
    const before = wecom.webhookSends.length
    await enqueue({ channel: 'wecom', webhookKey: 'KEY-G1' })
    expect(await deliver(wecomSender({ wecom: { webhookBase: wecom.base, apiBase: wecom.base } }))).toBe(1)
    expect(
      wecom.webhookSends.slice(before).map((s) => [s.key, s.msgtype, s.content, s.file?.name, s.file?.sha256]),
    ).toEqual([
      ['KEY-G1', 'text', TEXT, undefined, undefined],
      ['KEY-G1', 'file', '', NAME, SHA],
    ])
  })

  it('WeCom app: the text, then media/upload and message/send msgtype file to the member', async () => {
    const before = wecom.appSends.length
    await enqueue({ channel: 'wecom-app', userIds: ['lisi'] })
    const sender = wecomAppSender(
      { apiBase: wecom.base, corpId: 'corp1', corpSecret: 'sec1', agentId: 1000002 },
      { clock },
    )
    expect(await deliver(sender)).toBe(1)
    expect(
      wecom.appSends.slice(before).map((s) => [s.touser, s.msgtype, s.content, s.file?.name, s.file?.sha256]),
    ).toEqual([
      ['lisi', 'text', TEXT, undefined, undefined],
      ['lisi', 'file', '', NAME, SHA],
    ])
  })

  it('a retry after the file failed sends the file only: the text the platform took is not repeated', async () => {
    const before = wecom.webhookSends.length
    const key = await enqueue({ channel: 'wecom', webhookKey: 'KEY-G2' })
    const sender = wecomSender({ wecom: { webhookBase: wecom.base, apiBase: wecom.base } })
    wecom.refuseUploads(1)
    expect(await deliver(sender)).toBe(0)
    expect(await c.outbox.findByKey(key)).toMatchObject({ state: 'failed', partsSent: 1 })
    clock.advance(60 * 60_000)
    expect(await deliver(sender)).toBe(1)
    expect(wecom.webhookSends.slice(before).map((s) => s.msgtype)).toEqual(['text', 'file'])
    expect(wecom.webhookSends.at(-1)?.file?.sha256).toBe(SHA)
  })
})

describe('messageParts: files after the text, only where the sender sends files', () => {
  const attachment = { filename: NAME, contentType: XLSX, content: DATA.toString('base64') }
  const msg = {
    key: 'k',
    keys: ['k'],
    target: { channel: 'wecom' as const, webhookKey: 'K', mentionedMobiles: ['13800000000'] },
    text: `${'甲'.repeat(600)}\n${'乙'.repeat(600)}`,
    attachments: [attachment],
    mentions: [],
  }

  it('a long text in parts, then the file; the mention only in the first part', () => {
    const parts = messageParts(msg, CHANNEL_LIMITS.wecom.length, true)
    expect(parts.map((p) => [p.text.slice(0, 1), p.file?.filename, p.attachments])).toEqual([
      ['甲', undefined, undefined],
      ['乙', undefined, undefined],
      ['', NAME, undefined],
    ])
    expect(parts.map((p) => (p.target.channel === 'wecom' ? p.target.mentionedMobiles : 'x'))).toEqual([
      ['13800000000'],
      undefined,
      undefined,
    ])
  })

  it('e-mail (no sendsFiles): the attachments stay with the message', () => {
    expect(messageParts({ ...msg, text: '短' }, undefined)).toEqual([{ ...msg, text: '短' }])
  })
})
