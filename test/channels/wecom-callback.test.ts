import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { inboundMessageModel } from '../../src/db/models/inbound-message.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { startWecomWorld, type WecomWorld } from './wecom-support.js'

describe('WeCom 智能机器人 callback: verification, messages into the chat core, passive replies', () => {
  let db: Connection
  let w: WecomWorld

  beforeAll(async () => {
    db = await openTestDb('wecom_callback')
    await seedBotWorld(db, ['W1', 'W2', 'W3'])
    w = await startWecomWorld(db)
  })
  afterAll(async () => {
    await w?.close()
    await closeTestDb(db)
  })

  const journaled = () => inboundMessageModel(db).countDocuments({})
  const outboxCount = () => w.c.outbox.model.countDocuments({})

  it('answers the URL check with the decrypted echostr, and refuses a forged one', async () => {
    const ok = await w.fake.verifyUrl(w.url)
    expect(ok).toMatchObject({ status: 200, text: ok.echo })
    const forged = await fetch(
      `${w.url}?msg_signature=bad&timestamp=${Math.floor(Date.now() / 1000)}&nonce=1&echostr=abc`,
    )
    expect(forged.status).toBe(403)
  })

  it('an @ message 「绑定 BIND…」 then 「填报」 in a group gets the chat core’s replies in the passive reply', async () => {
    const bound = await w.fake.say(w.url, { userid: 'lisi', chatid: 'wrGroupW1', text: '@填报助手 绑定 BINDW1' })
    expect(bound.status).toBe(200)
    expect(bound.reply).toMatchObject({ msgtype: 'stream', stream: { id: bound.msgid, finish: true } })
    expect(bound.reply?.stream?.content).toContain('本群已绑定「测试县第1局」')

    const form = await w.fake.say(w.url, { userid: 'lisi', chatid: 'wrGroupW1', text: '@填报助手 填报' })
    expect(form.reply?.stream?.content).toContain('项目 1/1：乡村道路养护')
    // the binding is keyed by WeCom's stable chatid
    const binding = await w.c.chat.bindings.roomBinding('wrGroupW1')
    expect(binding?.unitCode).toBe('W1')
    // answered in the callback: nothing is left waiting in the outbox for another sender
    expect(await w.c.outbox.model.countDocuments({ account: 'wecom', state: { $ne: 'sent' } })).toBe(0)
    // a stream refresh for the same message gets the same answer
    const again = await w.fake.refresh(w.url, 'lisi', form.msgid, 'wrGroupW1')
    expect(again.reply?.stream?.content).toBe(form.reply?.stream?.content)
  })

  it('a 1:1 message is a private chat: its text is taken whole', async () => {
    const r = await w.fake.say(w.url, { userid: 'wangwu', text: '帮助' })
    expect(r.status).toBe(200)
    const entry = await inboundMessageModel(db).findOne({ messageId: r.msgid }).lean()
    expect(entry).toMatchObject({ roomId: '', personId: 'wangwu', text: '帮助', mentioned: true })
  })

  it('a forged callback gets 403 and changes nothing: nothing journaled, nothing queued or answered', async () => {
    const [j, o] = [await journaled(), await outboxCount()]
    const forged = await w.fake.sayForged(w.url, {
      userid: 'mallory',
      chatid: 'wrGroupW2',
      text: '@填报助手 绑定 BINDW2',
    })
    expect(forged.status).toBe(403)
    expect(forged.reply).toBeUndefined()
    expect(JSON.parse(forged.body)).toMatchObject({ error: { code: 'forbidden' } })
    expect(await journaled()).toBe(j)
    expect(await outboxCount()).toBe(o)
    expect(await w.c.chat.bindings.roomBinding('wrGroupW2')).toBeNull()
  })

  it('a stale callback (a correctly signed one replayed an hour later) gets 403 and changes nothing', async () => {
    const [j, o] = [await journaled(), await outboxCount()]
    const stale = await w.fake.say(w.url, {
      userid: 'mallory',
      chatid: 'wrGroupW2',
      text: '@填报助手 绑定 BINDW2',
      at: Math.floor(Date.now() / 1000) - 3600,
    })
    expect(stale.status).toBe(403)
    expect(await journaled()).toBe(j)
    expect(await outboxCount()).toBe(o)
  })

  it('a retried callback (same msgid) is handled once and answered the same', async () => {
    const first = await w.fake.say(w.url, {
      userid: 'zhao',
      chatid: 'wrGroupW3',
      text: '@填报助手 绑定 BINDW3',
      msgid: 'retry-1',
    })
    expect(first.reply?.stream?.content).toContain('本群已绑定')
    const [j, o] = [await journaled(), await outboxCount()]
    const retry = await w.fake.say(w.url, {
      userid: 'zhao',
      chatid: 'wrGroupW3',
      text: '@填报助手 绑定 BINDW3',
      msgid: 'retry-1',
    })
    expect(retry.reply?.stream?.content).toBe(first.reply?.stream?.content)
    expect(await journaled()).toBe(j)
    expect(await outboxCount()).toBe(o)
    expect(await inboundMessageModel(db).countDocuments({ messageId: 'retry-1' })).toBe(1)
  })
})
