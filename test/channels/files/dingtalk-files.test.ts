import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { OffsetClock } from '../../../src/clock.js'
import { loadConfig } from '../../../src/config.js'
import { buildContainer, type Container } from '../../../src/container.js'
import { createLogger } from '../../../src/logger.js'
import type { ChatCore } from '../../../src/chat/chat-core.js'
import type { InboundMessage } from '../../../src/chat/inbound-message.js'
import { startDingTalkChannel, type DingTalkChannel } from '../../../src/channels/dingtalk/start-dingtalk-channel.js'
import { FakeDingTalk } from '../../../fixtures/fake-dingtalk.js'
import { waitFor } from '../../../fixtures/wait-for.js'
import { openTestDb, closeTestDb } from '../../support/db.js'
import { seedBotWorld } from '../../support/bot-fixtures.js'
import { coreFiling, fakeXlsx, recordingFiling, sha256 } from './recording-filing.js'

/** Files a member sends the DingTalk robot: the fake serves both steps of robot/messageFiles/download. */
describe('files sent to the DingTalk robot (against the fake DingTalk)', () => {
  let db: Connection
  let c: Container
  let fake: FakeDingTalk
  let channel: DingTalkChannel
  const filing = recordingFiling()
  const handled: InboundMessage[] = []
  const group = { id: 'cidFILES==', title: '测试县第1局工作群' }

  beforeAll(async () => {
    db = await openTestDb('dingtalk-files')
    await seedBotWorld(db, ['U1'])
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', FILE_MAX_BYTES: '4096' })
    c = buildContainer(
      db,
      new OffsetClock('2027-07-01T01:00:00Z'),
      config,
      createLogger(process.env.TEST_LOG ?? 'silent'),
    )
    fake = await new FakeDingTalk().start()
    const core = coreFiling(c.chat.core, filing)
    const counting = Object.assign(Object.create(core) as ChatCore, {
      handle: (msg: InboundMessage, p: Parameters<ChatCore['handle']>[1]) => {
        handled.push(msg)
        return core.handle(msg, p)
      },
    })
    channel = startDingTalkChannel(
      { outbox: c, core: counting, journal: c.chat.journal('files-test'), files: c.chat.files },
      fake.settings(),
    )
    await channel.connected
    fake.push(FakeDingTalk.textMessage({ text: '绑定 BINDU1', staffId: 's1', nick: '李会计', group }))
    await waitFor(() => groupTexts().length === 1, 'the bind reply')
  })
  afterAll(async () => {
    await channel.stop()
    await fake.stop()
    await closeTestDb(db)
  })

  const groupTexts = (): string[] =>
    fake.sent.filter((s) => s.openConversationId === group.id).map((s) => s.param.content)
  const sendFile = (data: Buffer, fileName: string) =>
    fake.push(
      FakeDingTalk.fileMessage({ downloadCode: fake.addFile(data), fileName, staffId: 's1', nick: '李会计', group }),
    )
  const nextReply = async (before: number): Promise<string> => {
    await waitFor(() => groupTexts().length > before, 'the reply to the file')
    return groupTexts()[before]
  }

  it('hands the core the bytes of the file sent (sha256), for the group’s unit and its round', async () => {
    const data = fakeXlsx(3000)
    const before = groupTexts().length
    sendFile(data, '一季度监控表.xlsx')
    expect(await nextReply(before)).toBe('@李会计 已收到《一季度监控表.xlsx》')
    expect(filing.filed).toHaveLength(1)
    expect(filing.filed[0]).toMatchObject({ name: '一季度监控表.xlsx', sha256: sha256(data), size: 3000 })
    expect(filing.filed[0].ctx).toMatchObject({ unitCode: 'U1', who: { id: 's1' } })
    expect(filing.filed[0].ctx.roundId).toBeTruthy()
  })

  it('answers a file above FILE_MAX_BYTES with a hint and hands nothing on', async () => {
    const before = groupTexts().length
    sendFile(fakeXlsx(5000), '太大的表.xlsx')
    expect(await nextReply(before)).toMatch(/文件太大/)
    expect(filing.filed.map((f) => f.name)).not.toContain('太大的表.xlsx')
  })

  it('answers a non-xlsx file with the hint, without downloading it', async () => {
    const before = groupTexts().length
    const downloads = fake.downloads.length
    sendFile(Buffer.from('%PDF-1.4'), '说明.pdf')
    expect(await nextReply(before)).toMatch(/只能识别 \.xlsx 表格/)
    expect(fake.downloads.length).toBe(downloads)
  })

  it('answers a failed download with a hint, and the same message pushed again is not handled twice', async () => {
    fake.failFileGets = 1
    fake.dropAtNextAck() // handled, but its ACK is lost: DingTalk pushes it again after the reconnect
    const gets = fake.fileGets
    const before = groupTexts().length
    const pushed = sendFile(fakeXlsx(1000, 2), '下载失败.xlsx')
    expect(await nextReply(before)).toBe('@李会计 文件下载失败，请重新发送。')
    await waitFor(() => fake.pushCount(pushed) === 2 && fake.acked(pushed), 'the second push ACKed')
    const later = fake.push(FakeDingTalk.textMessage({ text: '进度', staffId: 's1', nick: '李会计', group }))
    await waitFor(() => fake.acked(later), 'a later message handled')
    const msgIds = handled.filter((m) => m.file?.name === '下载失败.xlsx').map((m) => m.id)
    expect(msgIds).toHaveLength(1)
    expect(fake.fileGets - gets).toBe(1)
    expect(groupTexts().filter((t) => t.includes('文件下载失败'))).toHaveLength(1)
    expect(filing.filed.map((f) => f.name)).not.toContain('下载失败.xlsx')
  })
})
