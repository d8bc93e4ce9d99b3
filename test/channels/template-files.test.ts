import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import type { Connection } from 'mongoose'
import { OffsetClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { buildContainer } from '../../src/container.js'
import { createLogger } from '../../src/logger.js'
import { officialSenders } from '../../src/channels/official-channels.js'
import { startDingTalkChannel } from '../../src/channels/dingtalk/start-dingtalk-channel.js'
import { startEmailWebhookDelivery } from '../../src/outbox/start-email-webhook-delivery.js'
import { APP_FILE_NOTE, GROUP_FILE_NOTE, NO_FILE_HINT } from '../../src/services/filing/chat-replier.js'
import { FakeDingTalk, robotOutboxSent } from '../../fixtures/fake-dingtalk.js'
import { waitFor } from '../../fixtures/wait-for.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { startWecomWorld, type WecomWorld } from './wecom-support.js'

const START = '2027-07-05T02:00:00Z'
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/** the files the outbox holds for these keys: name → sha256 of the bytes */
async function storedFiles(c: { outbox: { model: { find(f: object): { lean(): Promise<unknown> } } } }) {
  const docs = (await c.outbox.model.find({ 'attachments.0': { $exists: true } }).lean()) as {
    attachments: { filename: string; content: string }[]
  }[]
  return docs.flatMap((d) =>
    d.attachments.map((a) => ({ name: a.filename, sha256: sha256(Buffer.from(a.content, 'base64')) })),
  )
}

/**
 * `模板` through the official channels' real adapters against their local fakes: DingTalk sends the text,
 * then each XLSX (uploaded, sampleFile) to the group; the WeCom 智能机器人's passive reply cannot carry a
 * file, so the files go 1:1 through the self-built app — or, without the app, the reply says where to get them.
 */
describe('模板 on the official channels', () => {
  let db: Connection

  beforeEach(async () => {
    db = await openTestDb('channel_template_files')
    await seedBotWorld(db, ['U1'], ['department', 'project'])
  })
  afterEach(async () => {
    await closeTestDb(db)
  })

  it('DingTalk: the text, then each file uploaded and sent as sampleFile to the unit’s group (name + sha256)', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BUREAU_BIND_CODE: 'BUREAU2027' })
    const c = buildContainer(db, new OffsetClock(START), config, createLogger(process.env.TEST_LOG ?? 'silent'))
    await Promise.all(Object.values(c.conn.models).map((m) => m.init()))
    const fake = await new FakeDingTalk().start()
    const channel = startDingTalkChannel(
      { outbox: c, core: c.chat.core, journal: c.chat.journal('template-dingtalk') },
      fake.settings(),
    )
    try {
      await channel.connected
      const group = { id: 'cidU1GROUP==', title: '测试县第1局工作群' }
      const say = async (text: string) => {
        const id = fake.push(FakeDingTalk.textMessage({ text, staffId: 'staff1', nick: '李会计', group }))
        await waitFor(() => fake.acked(id), 'the message handled')
        await robotOutboxSent(c.outbox, channel.account)
      }
      await say('绑定 BINDU1')
      const before = fake.sends().length
      await say('模板')
      const sends = fake.sends().slice(before)
      expect(sends.every((s) => s.to === group.id)).toBe(true)
      expect(sends).toHaveLength(3)
      expect(sends[0].text).toContain('Excel 填报模板（2 个文件）')
      const stored = await storedFiles(c)
      expect(sends.slice(1).map((s) => s.file && { name: s.file.name, sha256: s.file.sha256 })).toEqual(stored)
      expect(sends.slice(1).map((s) => s.file?.fileType)).toEqual(['xlsx', 'xlsx'])
    } finally {
      await channel.stop()
      await fake.stop()
    }
  })

  describe('WeCom 智能机器人', () => {
    let w: WecomWorld
    afterEach(async () => {
      await w.close()
    })
    const group = { chatid: 'wrU1GROUP' }
    const say = (text: string, userid = 'lisi') => w.fake.say(w.url, { userid, text: `@填报助手 ${text}`, ...group })

    it('with the self-built app: the text in the passive reply, then the files 1:1 to the person who asked', async () => {
      w = await startWecomWorld(db, START, { app: true })
      await say('绑定 BINDU1')
      const answer = await say('模板')
      expect(answer.reply?.stream?.content).toContain('Excel 填报模板（2 个文件）')
      expect(answer.reply?.stream?.content).toContain(APP_FILE_NOTE)

      const delivery = startEmailWebhookDelivery(w.c, { autoStart: false, senders: officialSenders(w.c.config) })
      const app = delivery.workers.get('wecom-app')
      if (!app) throw new Error('the WeCom app sender is not registered')
      expect(await app.tick()).toBe(1)
      const sends = w.fake.appSends
      expect(sends.map((s) => [s.touser, s.msgtype])).toEqual([
        ['lisi', 'text'],
        ['lisi', 'file'],
        ['lisi', 'file'],
      ])
      expect(sends.slice(1).map((s) => s.file && { name: s.file.name, sha256: s.file.sha256 })).toEqual(
        await storedFiles(w.c),
      )
    })

    it('a group with a push address: the files go to the group through its robot webhook (upload_media + file), not 1:1', async () => {
      w = await startWecomWorld(db, START, { app: true })
      const key = '00000001-7aaa-4bc4-97a0-0ec2a1fa5aaa'
      w.fake.addRobot(key)
      await say('绑定 BINDU1')
      expect((await say(`推送地址 ${key}`)).reply?.stream?.content).toContain('已设置本群的推送地址')
      const answer = await say('模板')
      expect(answer.reply?.stream?.content).toContain('Excel 填报模板（2 个文件）')
      expect(answer.reply?.stream?.content).toContain(GROUP_FILE_NOTE)
      expect(answer.reply?.stream?.content).not.toContain(APP_FILE_NOTE)

      const delivery = startEmailWebhookDelivery(w.c, { autoStart: false, senders: officialSenders(w.c.config) })
      const robot = delivery.workers.get('wecom')
      if (!robot) throw new Error('the WeCom group robot sender is not registered')
      expect(await robot.tick()).toBe(1)
      expect(await delivery.workers.get('wecom-app')?.tick()).toBe(0)
      const sends = w.fake.webhookSends
      expect(sends.map((s) => [s.key, s.msgtype])).toEqual([
        [key, 'file'],
        [key, 'file'],
      ])
      expect(sends.map((s) => s.file && { name: s.file.name, sha256: s.file.sha256 })).toEqual(await storedFiles(w.c))
      expect(w.fake.appSends).toEqual([])
    })

    it('without the app (a channel that cannot send files): the text and where to get the files, nothing dropped silently', async () => {
      w = await startWecomWorld(db, START)
      await say('绑定 BINDU1')
      const answer = await say('模板')
      expect(answer.reply?.stream?.content).toContain('Excel 填报模板（2 个文件）')
      expect(answer.reply?.stream?.content).toContain(NO_FILE_HINT)
      expect(w.fake.uploads).toEqual([])
      expect(await w.c.outbox.model.countDocuments({ state: { $ne: 'sent' } })).toBe(0)
    })
  })
})
