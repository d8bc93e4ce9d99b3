import { describe, it, expect, beforeEach } from '@jest/globals'
import { OffsetClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { buildContainer, type Container } from '../../src/container.js'
import { dialogModel } from '../../src/db/models/dialog.js'
import { createLogger } from '../../src/logger.js'
import { ChatReplier } from '../../src/services/filing/chat-replier.js'
import { useFreshBotWorld } from '../support/bot-world.js'
import { FUNDS, ON_TRACK } from '../support/bot-fixtures.js'

/**
 * What the bot keeps in memory between turns (the open dialog, the room's binding, the notice keywords
 * in use) must never make it act on something another process changed: a second container on the same
 * database plays that process.
 */
describe('bot: what chat turns keep in memory stays correct', () => {
  // a world of its own per test: another test's open dialog must not be parked (or counted) by this one
  const world = useFreshBotWorld('bot_memory', ['U1', 'U2', 'U3'])
  let other: Container
  // a second process on the same database
  beforeEach(() => {
    other = buildContainer(
      world.db,
      new OffsetClock('2027-07-05T02:00:00Z'),
      loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      createLogger('silent'),
    )
  })

  it('a dialog parked by another process is neither written over nor answered; 继续 resumes it', async () => {
    const { h, db } = world
    const [staff] = h.mocker.createContacts(1)
    const room = h.mocker.createRoom({ topic: '测试县第1局财务群', memberIdList: [h.botUser.id, staff.id] })
    await h.say(staff, '绑定 BINDU1', room)
    await h.say(staff, '填报', room)
    expect((await h.say(staff, FUNDS, room)).join()).toContain('绩效指标') // this process now keeps the dialog
    const { park } = await other.chat.dialogs.idle(new Date('2027-07-06T03:00:00Z'))
    expect(park).toHaveLength(1)

    expect(await h.say(staff, ON_TRACK, room)).toEqual([]) // plain chatter now: the dialog is parked
    const d = await dialogModel(db).findOne({ unitCode: 'U1' }).lean()
    expect(d?.status).toBe('parked')
    expect(
      Object.keys((d?.state as { answers: Record<string, unknown> }).answers).some((k) => k.includes('indicators')),
    ).toBe(false)
    expect((await h.say(staff, '继续', room)).join()).toContain('绩效指标')
    expect((await h.say(staff, ON_TRACK, room)).join()).toContain('已全部填写')
  })

  it('a colleague’s takeover in another process: the former owner’s kept dialog saves nothing', async () => {
    const { h, db } = world
    const {
      staff: [first, second],
      room,
    } = await h.groupMidForm('U3', '测试县第3局财务群')
    const d = await dialogModel(db).findOne({ unitCode: 'U3', status: 'active' }).lean()
    await other.chat.dialogs.takeover(
      String(d?._id),
      { account: 'default', roomId: room.id, roomTopic: '测试县第3局财务群' },
      { id: second.id, name: second.payload.name },
    )
    expect(await h.say(first, ON_TRACK, room)).toEqual([]) // no longer theirs
    const after = await dialogModel(db).findOne({ _id: d?._id }).lean()
    expect(after?.ownerId).toBe(second.id)
    expect(
      Object.keys((after?.state as { answers: Record<string, unknown> }).answers).some((k) => k.includes('indicators')),
    ).toBe(false)
    expect((await h.say(second, ON_TRACK, room)).join()).toContain('已全部填写')
  })

  it('a notice with its own keyword, made by another process, counts right after it is delivered', async () => {
    const { h } = world
    const [staff] = h.mocker.createContacts(1)
    const room = h.mocker.createRoom({ topic: '测试县第2局财务群', memberIdList: [h.botUser.id, staff.id] })
    await h.say(staff, '绑定 BINDU2', room)
    expect(await h.say(staff, '已阅', room)).toEqual([]) // the keywords in use are read (and kept) here
    const s = await other.notices.broadcast.create(
      {
        title: '关于核对项目台账的通知',
        body: '请核对。',
        targets: { kind: 'units', codes: ['U2'] },
        ackKeyword: '已阅',
      },
      { kind: 'admin', name: 'test' },
    )
    await h.settle() // this bot delivers it
    expect(h.sent.some((m) => m.roomId === room.id && m.text.includes('关于核对项目台账的通知'))).toBe(true)
    expect(await h.say(staff, '已阅', room)).toEqual([]) // recorded silently
    const n = await h.c.notices.broadcast.get(s.id)
    expect(n?.acks.map((a) => a.unitCode)).toEqual(['U2'])
  })

  it('replies of conversations answered at the same time are each queued once, in one insert or several', async () => {
    const { h } = world
    const replier = new ChatReplier(h.c.outbox)
    const place = { account: 'default', roomId: 'room-x', roomTopic: '某群' }
    const keys = Array.from({ length: 12 }, (_, i) => `concurrent-${i}`)
    await Promise.all([
      ...keys.map((k, i) => replier.reply(place, { id: `p${i}`, name: `人${i}` }, k, ['第一句', '第二句'])),
      replier.reply(place, { id: 'p0', name: '人0' }, keys[0], ['第一句']),
    ])
    const stored = await h.c.outbox.model.find({ key: { $regex: '^reply:concurrent-' } }, { key: 1 }).lean()
    expect(stored).toHaveLength(24)
    expect(new Set(stored.map((m) => m.key)).size).toBe(24)
  })
})
