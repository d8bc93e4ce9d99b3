import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Connection } from 'mongoose'
import { anyPlatform } from '../support/any-platform.js'
import { bindingModel } from '../../src/db/models/binding.js'
import {
  PUSH_ADDRESS_HOW,
  PUSH_ADDRESS_NOT_ALLOWED,
  PUSH_ADDRESS_NOT_WECOM,
  PUSH_ADDRESS_PRIVATE,
  PUSH_ADDRESS_WRONG,
} from '../../src/chat/set-push-address.js'
import { BIND_FIRST } from '../../src/chat/decide.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { startWecomWorld, type WecomWorld } from '../channels/wecom-support.js'

const KEY = '0a1b2c3d-7aaa-4bc4-97a0-0ec2a1fa5aaa'
const ADDRESS = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`

/**
 * `@机器人 推送地址 <address>` in a WeCom group, through the real 智能机器人 callback: who may set it,
 * the answers (never echoing the key), the hints, and what is kept of it (the binding; the audit log and
 * the inbound journal only masked).
 */
describe('chat: 推送地址 sets a WeCom group’s push address', () => {
  let db: Connection
  let w: WecomWorld
  const say = async (userid: string, text: string, chatid?: string) => {
    const r = await w.fake.say(w.url, {
      userid,
      text: chatid ? `@填报助手 ${text}` : text,
      ...(chatid ? { chatid } : {}),
    })
    expect(r.status).toBe(200)
    return r.reply?.stream?.content ?? ''
  }
  const keyOf = async (roomId: string) =>
    (
      await bindingModel(db)
        .findOne({ roomId, active: true, kind: { $ne: 'member' } })
        .lean()
    )?.webhookKey

  beforeAll(async () => {
    db = await openTestDb('chat_push_address')
    await seedBotWorld(db, ['U1', 'U2'])
    w = await startWecomWorld(db)
  })
  afterAll(async () => {
    await w?.close()
    await closeTestDb(db)
  })

  it('in a unit’s group: set from the address, confirmed without the key; audit and journal keep it masked', async () => {
    await say('zhang', '绑定 BINDU1', 'wrA')
    const reply = await say('zhang', `推送地址 ${ADDRESS}`, 'wrA')
    expect(reply).toMatch(/^已设置本群的推送地址/)
    expect(reply).not.toContain(KEY)
    expect(await keyOf('wrA')).toBe(KEY)

    const audit = (await w.c.api.audit.list({ limit: 20 })).filter((e) => e.action === 'chat 推送地址')
    expect(audit).toEqual([
      expect.objectContaining({ actor: 'chat:wecom:zhang', target: expect.objectContaining({ roomId: 'wrA' }) }),
    ])
    expect(JSON.stringify(audit)).not.toContain(KEY)
    const journaled = await db.collection('inbound_messages').find({ roomId: 'wrA' }).toArray()
    expect(journaled.map((j) => String(j.text)).join('\n')).toContain('推送地址')
    expect(JSON.stringify(journaled)).not.toContain(KEY)
  })

  it('a wrong address gets the hint and changes nothing; none at all, how to get one', async () => {
    await say('zhao', '绑定 BINDU2', 'wrB')
    expect(await say('zhao', '推送地址 https://example.com/hook?key=abc', 'wrB')).toBe(PUSH_ADDRESS_WRONG)
    expect(await say('zhao', '推送地址 1234', 'wrB')).toBe(PUSH_ADDRESS_WRONG)
    expect(await say('zhao', '推送地址', 'wrB')).toBe(PUSH_ADDRESS_HOW)
    expect(await keyOf('wrB')).toBeUndefined()
  })

  it('in a shared group only someone bound there (or bureau staff) may set it', async () => {
    await say('boss', '绑定 共享群', 'wrS')
    expect(await say('stranger', `推送地址 ${KEY}`, 'wrS')).toBe(PUSH_ADDRESS_NOT_ALLOWED)
    expect(await keyOf('wrS')).toBeUndefined()
    await say('qian', '绑定 BINDU1', 'wrS')
    expect(await say('qian', `推送地址 ${KEY}`, 'wrS')).toMatch(/^已设置本群的推送地址/)
    expect(await keyOf('wrS')).toBe(KEY)
  })

  it('in the bureau group anyone there may set it; in an unbound group and in a private chat, where and how', async () => {
    await say('ju1', '绑定 BUREAU2027', 'wrBureau')
    expect(await say('ju1', `推送地址 ${KEY}`, 'wrBureau')).toMatch(/^已设置本群的推送地址/)
    expect(await keyOf('wrBureau')).toBe(KEY)
    expect(await say('nobody', `推送地址 ${KEY}`, 'wrNew')).toBe(BIND_FIRST)
    expect(await say('zhang', `推送地址 ${KEY}`)).toBe(PUSH_ADDRESS_PRIVATE)
  })

  it('a WeChat group needs none: told so, nothing stored', async () => {
    await bindingModel(db).create({
      kind: 'unit-room',
      account: 'default',
      roomId: 'R-wx',
      roomTopic: '微信群',
      unitCode: 'U2',
      boundAt: new Date(),
    })
    await w.c.chat.core.handle(
      {
        id: 'wx-1',
        account: 'default',
        who: { id: 'wx-zhang', name: '张三' },
        where: { kind: 'group', id: 'R-wx', topic: '微信群' },
        text: `推送地址 ${KEY}`,
        mentionedBot: true,
        isText: true,
      },
      anyPlatform,
    )
    const reply = await w.c.outbox.findByKey('reply:wx-1:0')
    expect(reply?.text).toBe(PUSH_ADDRESS_NOT_WECOM)
    expect(await keyOf('R-wx')).toBeUndefined()
  })
})
