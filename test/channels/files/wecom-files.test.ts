import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { openTestDb, closeTestDb } from '../../support/db.js'
import { seedBotWorld } from '../../support/bot-fixtures.js'
import { startWecomWorld, type WecomWorld } from '../wecom-support.js'
import { fakeXlsx, recordingFiling, sha256 } from './recording-filing.js'

/**
 * Files a member sends the WeCom 智能机器人 (1:1 only, as WeCom delivers them): the callback carries the
 * url of the AES-encrypted file, which the fake serves; the reply is the callback's passive reply.
 */
describe('files sent to the WeCom robot (against the fake WeCom)', () => {
  let db: Connection
  let w: WecomWorld
  const filing = recordingFiling()
  const reply = (r: { reply?: { stream?: { content: string } } }) => r.reply?.stream?.content ?? ''

  beforeAll(async () => {
    db = await openTestDb('wecom-files')
    await seedBotWorld(db, ['W1'])
    w = await startWecomWorld(db, undefined, { env: { FILE_MAX_BYTES: '4096' }, filing })
    // the member binds themself to the unit in the 1:1 chat, where files reach the robot
    expect(reply(await w.fake.say(w.url, { userid: 'lisi', text: '绑定 BINDW1' }))).toMatch(/已将您绑定到/)
  })
  afterAll(async () => {
    await w.close()
    await closeTestDb(db)
  })

  it('decrypts the file and hands the core its bytes (sha256), for the member’s unit', async () => {
    const data = fakeXlsx(3001)
    const r = await w.fake.sayFile(w.url, { userid: 'lisi', data })
    expect(reply(r)).toBe('已收到《W1.xlsx》')
    expect(filing.filed).toHaveLength(1)
    expect(filing.filed[0]).toMatchObject({ sha256: sha256(data), size: 3001 })
    expect(filing.filed[0].ctx).toMatchObject({ unitCode: 'W1', who: { id: 'lisi' } })
  })

  it('answers a file above FILE_MAX_BYTES with a hint', async () => {
    const r = await w.fake.sayFile(w.url, { userid: 'lisi', data: fakeXlsx(5000) })
    expect(reply(r)).toMatch(/文件太大/)
    expect(filing.filed).toHaveLength(1)
  })

  it('answers a file that is no XLSX (its bytes tell: WeCom gives no name) with the hint', async () => {
    const r = await w.fake.sayFile(w.url, { userid: 'lisi', data: Buffer.from('%PDF-1.4 not a table') })
    expect(reply(r)).toMatch(/只能识别 \.xlsx 表格/)
  })

  it('answers a failed download with a hint, and WeCom’s retry of the callback is not handled twice', async () => {
    w.fake.files.failGets = 1
    const gets = w.fake.files.gets
    const first = await w.fake.sayFile(w.url, { userid: 'lisi', data: fakeXlsx(1000, 3) })
    expect(reply(first)).toBe('文件下载失败，请重新发送。')
    const again = await w.fake.resend(w.url, first.plain)
    expect(again.status).toBe(200)
    expect(w.fake.files.gets - gets).toBe(1)
    expect(filing.filed).toHaveLength(1)
    expect(await db.collection('inbound_messages').countDocuments({ messageId: first.msgid })).toBe(1)
  })
})
