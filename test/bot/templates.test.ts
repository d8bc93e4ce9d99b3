import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import ExcelJS from 'exceljs'
import type { Connection } from 'mongoose'
import { anyPlatform } from '../support/any-platform.js'
import { BotHarness } from '../support/bot-harness.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { closeTestDb, openTestDb } from '../support/db.js'

const TOPIC = '测试县第1局财务群'
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/**
 * `模板` in a unit's WeChat group (the mock puppet, the real bot handlers and outbox): a short text, then
 * one XLSX per table as files in the same group; `模板 2` only the second table; the same message handled
 * twice sends the files once.
 */
describe('bot: 模板 sends the unit’s fill templates as files after a short text', () => {
  let db: Connection
  let h: BotHarness

  beforeEach(async () => {
    db = await openTestDb('bot_templates')
    await seedBotWorld(db, ['U1'], ['department', 'project'])
    h = new BotHarness(db, '2027-07-05T02:00:00Z')
    await h.start()
  })
  afterEach(async () => {
    await h.stop()
    await closeTestDb(db)
  })

  /** the files the outbox holds, in the order stored */
  async function stored(): Promise<{ name: string; data: Buffer }[]> {
    const docs = await h.c.outbox.model.find({ 'attachments.0': { $exists: true } }).lean()
    return docs.flatMap((d) =>
      (d.attachments ?? []).map((a) => ({ name: a.filename, data: Buffer.from(a.content, 'base64') })),
    )
  }

  it('all the round’s tables: the text names them, then each file reaches the group (name + sha256), each a workbook', async () => {
    const { staff, room } = await h.groupBound('U1', TOPIC)
    const before = h.sent.length
    const replies = await h.say(staff[0], '模板', room)
    const sent = h.sent.slice(before)
    expect(sent.every((s) => s.roomId === room.id)).toBe(true)
    expect(replies).toHaveLength(3)
    expect(replies[0]).toContain('Excel 填报模板（2 个文件）')
    expect(sent[0].file).toBeUndefined()
    const files = sent.slice(1).map((s) => s.file)
    expect(files.map((f) => f?.name)).toEqual(['U1-部门整体表-2027年1-6月.xlsx', 'U1-项目支出表-2027年1-6月.xlsx'])
    for (const f of files) expect(replies[0]).toContain(f?.name)
    const bytes = await stored()
    expect(files.map((f) => f?.sha256)).toEqual(bytes.map((b) => sha256(b.data)))
    for (const b of bytes) {
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(b.data as unknown as ArrayBuffer)
      expect(wb.worksheets.length).toBeGreaterThan(0)
    }
  })

  it('模板 2: only the second table of the 填报 list; 模板 9: which tables there are', async () => {
    const { staff, room } = await h.groupBound('U1', TOPIC)
    const list = (await h.say(staff[0], '填报', room)).join('\n')
    const second = /2\. (\S+?)（/.exec(list)?.[1] ?? ''
    await h.say(staff[0], '取消', room)
    const before = h.sent.length
    const replies = await h.say(staff[0], '模板 2', room)
    const files = h.sent.slice(before).filter((s) => s.file)
    expect(files).toHaveLength(1)
    expect(replies[0]).toContain('（1 个文件）')
    expect(second).not.toBe('')
    expect((await h.say(staff[0], '模板 9', room)).join('\n')).toContain('没有第 9 张表')
  })

  it('the same message handled twice (a replay after a crash) sends the files once', async () => {
    const { staff, room } = await h.groupBound('U1', TOPIC)
    const msg = {
      id: 'wx-msg-template-1',
      account: 'default',
      who: { id: staff[0].id, name: staff[0].payload.name },
      where: { kind: 'group' as const, id: room.id, topic: TOPIC },
      text: '模板',
      mentionedBot: false,
      isText: true,
    }
    const before = h.sent.length
    await h.c.chat.core.handle(msg, anyPlatform)
    await h.c.chat.core.handle({ ...msg, replayed: true }, anyPlatform)
    await h.settle()
    expect(h.sent.slice(before).filter((s) => s.file)).toHaveLength(2)
    expect(await h.c.outbox.model.countDocuments({ key: 'reply:wx-msg-template-1:0' })).toBe(1)
  })

  it('帮助 lists 模板', async () => {
    const { staff, room } = await h.groupBound('U1', TOPIC)
    expect((await h.say(staff[0], '帮助', room)).join('\n')).toContain('· 模板 —— ')
  })
})
