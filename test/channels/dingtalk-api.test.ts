import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { ManualClock } from '../../src/clock.js'
import { DingTalkApi } from '../../src/channels/dingtalk/dingtalk-api.js'
import { dingtalkSender, type DingTalkOutgoing } from '../../src/channels/dingtalk/dingtalk-sender.js'
import { FakeDingTalk } from '../../fixtures/fake-dingtalk.js'

describe('DingTalk robot OpenAPI (against the fake DingTalk)', () => {
  let fake: FakeDingTalk
  let clock: ManualClock
  let api: DingTalkApi

  beforeEach(async () => {
    fake = await new FakeDingTalk().start()
    clock = new ManualClock('2027-07-01T01:00:00Z')
    api = new DingTalkApi(
      { clientId: fake.clientId, clientSecret: fake.clientSecret, robotCode: 'dingtestkey', apiBase: fake.apiBase },
      clock,
    )
  })
  afterEach(async () => {
    await fake.stop()
  })

  const text = (content: string) => ({ msgKey: 'sampleText' as const, content })

  it('fetches the token once for many sends, and again once after DingTalk refused it', async () => {
    await Promise.all([api.sendGroup('cidA==', text('一')), api.sendGroup('cidB==', text('二'))])
    await api.sendToUsers(['s1', 's2'], text('三'))
    expect(fake.tokens).toHaveLength(1)
    expect(fake.sent.map((s) => s.token)).toEqual([fake.tokens[0], fake.tokens[0], fake.tokens[0]])

    fake.expireTokens() // DingTalk answers 401 InvalidAuthentication to the cached token
    await api.sendGroup('cidA==', text('四'))
    expect(fake.tokens).toHaveLength(2)
    expect(fake.sent.at(-1)).toMatchObject({
      openConversationId: 'cidA==',
      token: fake.tokens[1],
      param: { content: '四' },
    })
  })

  it('fetches a new token once the cached one is near its expireIn, not before', async () => {
    await api.sendGroup('cidA==', text('一'))
    clock.advance(7200_000 - 6 * 60_000) // 6 minutes left of 7200 s: still used
    await api.sendGroup('cidA==', text('二'))
    expect(fake.tokens).toHaveLength(1)
    clock.advance(2 * 60_000) // 4 minutes left: renewed before DingTalk would refuse it
    await api.sendGroup('cidA==', text('三'))
    expect(fake.tokens).toHaveLength(2)
  })

  it('fails a send when DingTalk refuses the app credentials', async () => {
    const bad = new DingTalkApi(
      { clientId: fake.clientId, clientSecret: 'wrong', robotCode: 'dingtestkey', apiBase: fake.apiBase },
      clock,
    )
    await expect(bad.sendGroup('cidA==', text('一'))).rejects.toThrow(/invalidClientIdOrSecret/)
    expect(fake.sent).toHaveLength(0)
  })

  it('turns a received file’s downloadCode into its download address; an unknown or expired code is refused', async () => {
    const code = fake.addFile(Buffer.from('PK'))
    expect(await api.fileUrl(code)).toBe(`${fake.apiBase}/files/${code}`)
    await expect(api.fileUrl('DC-expired')).rejects.toThrow(/downloadCode/)
    expect(fake.downloads).toEqual([code, 'DC-expired'])
  })

  it('sends a DingTalk outbox target to its group with the @names in the text, or 1:1 to its members', async () => {
    const sender = dingtalkSender(api)
    const msg = (target: DingTalkOutgoing['target']): DingTalkOutgoing => ({
      key: 'k',
      keys: ['k'],
      target,
      text: '请于7月10日前完成填报。',
      mentions: [],
    })
    await sender.send(msg({ channel: 'dingtalk', conversationId: 'cidA==', atUserIds: ['s1'] }))
    await sender.send(msg({ channel: 'dingtalk', userIds: ['s1', 's2'] }))
    expect(fake.sent).toMatchObject([
      { api: 'groupMessages/send', openConversationId: 'cidA==', param: { content: '@s1 请于7月10日前完成填报。' } },
      { api: 'oToMessages/batchSend', userIds: ['s1', 's2'], param: { content: '请于7月10日前完成填报。' } },
    ])
    await expect(sender.send(msg({ channel: 'dingtalk' }))).rejects.toThrow(/no group and no user/)
  })
})
