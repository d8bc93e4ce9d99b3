import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { FileBox } from 'file-box'
import { openTestDb, closeTestDb } from '../support/db.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { BotHarness } from '../support/bot-harness.js'
import { fakeXlsx, recordingFiling, sha256 } from '../channels/files/recording-filing.js'

/**
 * Files sent to the WeChat bot on the real wechaty mock puppet: an attachment message in a bound unit
 * group (no @ possible), the bytes fetched from the puppet by message id when the core asks.
 */
describe('bot: files sent in WeChat', () => {
  let db: Connection
  let h: BotHarness
  const filing = recordingFiling()

  beforeAll(async () => {
    db = await openTestDb('wechat_files')
    await seedBotWorld(db, ['U1', 'U2'])
    h = new BotHarness(db, '2027-07-05T02:00:00Z', { FILE_MAX_BYTES: '4096' })
    await h.start()
    h.c.chat.core.deps.filing = filing // the chat's filing by file, as a recorder
  })
  afterAll(async () => {
    await h.stop()
    await closeTestDb(db)
  })

  it('hands the core the bytes of an .xlsx sent in a bound unit group (sha256), for that unit', async () => {
    const { staff, room } = await h.groupBound('U1', '测试县第1局工作群')
    const data = fakeXlsx(3000)
    const replies = await h.sayFile(staff[0], '一季度监控表.xlsx', data, room)
    expect(replies).toHaveLength(1)
    expect(replies[0].startsWith(`@${staff[0].payload.name}`)).toBe(true)
    expect(replies[0]).toMatch(/\s已收到《一季度监控表\.xlsx》$/)
    expect(filing.filed).toHaveLength(1)
    expect(filing.filed[0]).toMatchObject({ name: '一季度监控表.xlsx', sha256: sha256(data), size: 3000 })
    expect(filing.filed[0].ctx).toMatchObject({ unitCode: 'U1', who: { id: staff[0].id } })
    expect(filing.filed[0].ctx.roundId).toBeTruthy()
  })

  it('answers an .xlsx above FILE_MAX_BYTES with a hint; ignores other files and unbound groups', async () => {
    const { staff, room } = await h.groupBound('U2', '测试县第2局工作群')
    expect((await h.sayFile(staff[0], '太大.xlsx', fakeXlsx(5000), room)).join()).toMatch(/文件太大/)
    // a PDF shared among colleagues is not for the bot (WeChat files carry no @)
    expect(await h.sayFile(staff[0], '会议纪要.pdf', Buffer.from('%PDF'), room)).toEqual([])
    const other = h.mocker.createRoom({ topic: '闲聊群', memberIdList: [h.botUser.id, staff[0].id] })
    expect(await h.sayFile(staff[0], '表.xlsx', fakeXlsx(100), other)).toEqual([])
    // privately, any file is addressed to the bot: one that is no table gets the hint
    await h.say(staff[0], '绑定 BINDU2')
    expect((await h.sayFile(staff[0], '照片.docx', Buffer.from('doc'))).join()).toMatch(/只能识别 \.xlsx 表格/)
    expect(filing.filed.map((f) => f.name)).toEqual(['一季度监控表.xlsx'])
  })

  it('answers a failed download with a hint; the same message delivered again is not handled twice', async () => {
    const { staff, room } = await h.groupBound('U1', '测试县第1局财务群')
    const fetches: string[] = []
    const original = h.puppet.messageFile.bind(h.puppet)
    h.puppet.messageFile = async (id: string) => {
      fetches.push(id)
      // a box whose bytes cannot be read (the file server is gone)
      return FileBox.fromUrl('http://127.0.0.1:1/gone.xlsx', { name: 'gone.xlsx' })
    }
    try {
      const replies = await h.sayFile(staff[0], '下载失败.xlsx', fakeXlsx(500), room)
      expect(replies).toHaveLength(1)
      expect(replies[0]).toMatch(/\s文件下载失败，请重新发送。$/)
      const messageId = fetches[0]
      const before = h.sent.length
      h.said++
      h.puppet.emit('message', { messageId }) // delivered once more (a reconnect replaying it)
      await h.settle()
      expect(fetches).toEqual([messageId])
      expect(h.sent.length).toBe(before)
      const entry = await db.collection('inbound_messages').findOne({ messageId })
      expect(entry?.state).toBe('done')
      expect(entry?.file).toMatchObject({ name: '下载失败.xlsx', ref: { channel: 'wechat', messageId } })
    } finally {
      h.puppet.messageFile = original
    }
  })
})
