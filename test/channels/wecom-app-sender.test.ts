import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { ManualClock } from '../../src/clock.js'
import { MemberPace } from '../../src/channels/wecom/member-pace.js'
import { wecomAppSender, type WecomSettings } from '../../src/channels/wecom/index.js'
import { wecomSender } from '../../src/outbox/senders/wecom-sender.js'
import { startFakeWecom, type FakeWecom } from '../../fixtures/fake-wecom.js'
import { aesKey } from './wecom-support.js'

describe('WeCom proactive sends: the self-built app (1:1) and the group robot webhook', () => {
  let fake: FakeWecom
  let settings: WecomSettings

  beforeAll(async () => {
    settings = {
      token: 't',
      encodingAESKey: aesKey(),
      corpId: 'ww-app',
      corpSecret: 'app-secret',
      agentId: 1000002,
      apiBase: '',
    }
    fake = await startFakeWecom(settings)
    settings.apiBase = fake.base
  })
  afterAll(() => fake.close())

  const toMember = (key: string, userIds: string[], text: string) => ({
    key,
    target: { channel: 'wecom-app' as const, userIds },
    text,
  })

  it('sends a 1:1 text through message/send, recorded by the fake with the app’s agentid', async () => {
    const before = fake.appSends.length
    await wecomAppSender(settings).send(toMember('k1', ['lisi', 'wangwu'], '请于7月10日前完成填报'))
    expect(fake.appSends.slice(before)).toEqual([
      expect.objectContaining({
        touser: 'lisi|wangwu',
        agentid: 1000002,
        msgtype: 'text',
        content: '请于7月10日前完成填报',
      }),
    ])
  })

  it('fetches the token once, and again only after WeCom expired it (42001), retrying the send once', async () => {
    const sender = wecomAppSender(settings)
    const issued = fake.tokensIssued()
    const before = fake.appSends.length
    await sender.send(toMember('a', ['lisi'], '一'))
    await sender.send(toMember('b', ['lisi'], '二'))
    expect(fake.tokensIssued() - issued).toBe(1)
    fake.expireTokens()
    await sender.send(toMember('c', ['lisi'], '三'))
    expect(fake.tokensIssued() - issued).toBe(2)
    const sent = fake.appSends.slice(before)
    expect(sent.map((s) => s.content)).toEqual(['一', '二', '三'])
    expect(sent[2].accessToken).not.toBe(sent[0].accessToken)
  })

  it('a wrong secret is a failed send (the outbox retries it), not a silent drop', async () => {
    await expect(
      wecomAppSender({ ...settings, corpSecret: 'wrong' }).send(toMember('x', ['lisi'], '四')),
    ).rejects.toThrow(/gettoken refused: 40001/)
  })

  it('keeps each member within 30 messages a minute (a sliding window per member)', () => {
    const pace = new MemberPace(30, 60_000)
    const t0 = Date.parse('2027-07-05T02:00:00Z')
    for (let i = 0; i < 30; i++) {
      expect(pace.wait(['lisi'], t0 + i)).toBe(0)
      pace.record(['lisi'], t0 + i)
    }
    expect(pace.wait(['lisi'], t0 + 30)).toBe(60_000 - 30) // the 31st waits until the first leaves the window
    expect(pace.wait(['wangwu'], t0 + 30)).toBe(0) // another member is not held up
    expect(pace.wait(['wangwu', 'lisi'], t0 + 30)).toBe(60_000 - 30) // a send to both waits for the busier one
    expect(pace.wait(['lisi'], t0 + 60_000)).toBe(0)
  })

  it('refuses to wait longer than maxWaitMs for a member: the send fails and the outbox retries later', async () => {
    const clock = new ManualClock('2027-07-05T02:00:00Z')
    const sender = wecomAppSender(settings, { clock, pace: { perWindow: 2, windowMs: 60_000 }, maxWaitMs: 1000 })
    await sender.send(toMember('p1', ['zhao'], '1'))
    await sender.send(toMember('p2', ['zhao'], '2'))
    await expect(sender.send(toMember('p3', ['zhao'], '3'))).rejects.toThrow(/30 a minute/)
    clock.advance(60_000)
    await sender.send(toMember('p4', ['zhao'], '4'))
  })

  it('the group robot webhook @mentions by userid (mentioned_list) and by mobile', async () => {
    const before = fake.webhookSends.length
    fake.addRobot('KEY1')
    await wecomSender({ wecom: { webhookBase: fake.base, apiBase: fake.base } }).send({
      key: 'n1',
      keys: ['n1'],
      target: { channel: 'wecom', webhookKey: 'KEY1', mentionedUserIds: ['lisi'], mentionedMobiles: ['13800000000'] },
      text: '【通知】请各单位于7月10日前报送',
      mentions: [],
    })
    expect(fake.webhookSends.slice(before)).toEqual([
      {
        key: 'KEY1',
        msgtype: 'text',
        content: '【通知】请各单位于7月10日前报送',
        mentioned_list: ['lisi'],
        mentioned_mobile_list: ['13800000000'],
      },
    ])
  })
})
