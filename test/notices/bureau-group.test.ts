import { describe, it, expect } from '@jest/globals'
import type { mock } from 'wechaty-puppet-mock'
import { unitModel } from '../../src/db/models/unit.js'
import type { BotHarness } from '../support/bot-harness.js'
import { useFreshBotWorld } from '../support/bot-world.js'

/** The bureau group and the groups of U1, U2 (U3 has none), bound in the test's own fresh world. */
interface Bureau {
  h: BotHarness
  officer: mock.ContactMock
  bureau: mock.RoomMock
  rooms: mock.RoomMock[]
  people: mock.ContactMock[]
}

const NOTICE = '关于报送2027年1-6月绩效运行监控表的通知'

/** U1, U2 have their own groups, U3 none; U2 is a township tagged 教育口. */
describe('notices from the bureau group: 通知 → 确认, 通知情况, scheduled sending', () => {
  // a fresh database, bot and clock (2027-07-01 09:00 in the county) for every test: no test sees
  // another's notices, acknowledgements, drafts or clock moves, whatever order they run in
  const world = useFreshBotWorld('notice_bureau', ['U1', 'U2', 'U3'], '2027-07-01T01:00:00Z')
  const noticesIn = (h: BotHarness, room: mock.RoomMock, from = 0) =>
    h.sent.slice(from).filter((m) => m.roomId === room.id && m.text.includes('【通知】'))

  async function givenBureau(): Promise<Bureau> {
    const { h, db } = world
    await unitModel(db).updateOne({ code: 'U2' }, { $set: { kind: 'township', tags: ['教育口'] } })
    const [officer] = h.mocker.createContacts(1)
    const bureau = h.mocker.createRoom({ topic: '财政局绩效股', memberIdList: [h.botUser.id, officer.id] })
    await h.say(officer, '绑定 BUREAU2027', bureau)
    const rooms: mock.RoomMock[] = []
    const people: mock.ContactMock[] = []
    for (const u of ['U1', 'U2']) {
      const { staff, room } = await h.groupBound(u, `${u}财务群`)
      rooms.push(room)
      people.push(staff[0])
    }
    return { h, officer, bureau, rooms, people }
  }

  /** The bureau sent NOTICE to every unit (通知 全部 … → 确认); it reached the groups of U1 and U2. */
  async function givenNoticeSent(g: Bureau): Promise<void> {
    const before = g.h.sent.length
    await g.h.say(g.officer, `通知 全部：${NOTICE}\n请于7月10日前完成填报。`, g.bureau)
    await g.h.say(g.officer, '确认', g.bureau)
    for (const room of g.rooms)
      if (noticesIn(g.h, room, before).length !== 1)
        throw new Error(`givenNoticeSent: 《${NOTICE}》 did not reach ${room.id}`)
  }

  it('answers 通知 with the number of groups and the units without one, and sends only after 确认', async () => {
    const { h, officer, bureau, rooms } = await givenBureau()
    const before = h.sent.length
    const asked = (
      await h.say(officer, '通知 全部：关于报送2027年1-6月绩效运行监控表的通知\n请于7月10日前完成填报。', bureau)
    ).join('\n')
    expect(asked).toContain('将向 2 个群发送通知《关于报送2027年1-6月绩效运行监控表的通知》（全部单位，共 3 个单位）')
    expect(asked).toContain('1 个单位没有绑定工作群，收不到：测试县第3局')
    expect(asked).toContain('确认')
    expect(noticesIn(h, rooms[0], before)).toHaveLength(0) // nothing sent yet
    expect((await h.say(officer, '确认', bureau)).join()).toContain(
      '已开始发送通知《关于报送2027年1-6月绩效运行监控表的通知》到 2 个群',
    )
    for (const room of rooms) {
      const sent = noticesIn(h, room, before)
      expect(sent).toHaveLength(1)
      expect(sent[0].text).toContain('请于7月10日前完成填报。\n\n收到后请回复“收到”。')
    }
    expect(await h.say(officer, '确认', bureau)).toEqual([]) // nothing awaits confirmation any more
  })

  it('通知情况 lists who has not acknowledged, and follows the acknowledgements', async () => {
    const g = await givenBureau()
    const { h, officer, bureau, rooms, people } = g
    await givenNoticeSent(g)
    const first = (await h.say(officer, '通知情况', bureau)).join('\n')
    expect(first).toContain('共 3 个单位：已送达 2，待发送 0，发送失败 0，无绑定群 1；已回复“收到” 0。')
    expect(first).toContain('未回复：测试县第1局、测试县第2局')
    expect(first).toContain('无绑定群：测试县第3局')
    await h.say(people[0], '收到', rooms[0])
    const after = (await h.say(officer, '通知情况 1-6月', bureau)).join('\n')
    expect(after).toContain('已回复“收到” 1。')
    expect(after).toContain('未回复：测试县第2局')
    expect((await h.say(officer, '通知情况 不存在的标题', bureau)).join()).toContain('找不到')
  })

  it('targets townships or a tag, refuses unknown targets, and 取消 sends nothing', async () => {
    const { h, officer, bureau, rooms, people } = await givenBureau()
    const before = h.sent.length
    expect((await h.say(officer, '通知 乡镇：防汛值班安排', bureau)).join()).toContain(
      '将向 1 个群发送通知《防汛值班安排》（乡镇，共 1 个单位）',
    )
    expect((await h.say(officer, '取消', bureau)).join()).toContain('已取消')
    expect((await h.say(officer, '通知 教育口：开学检查', bureau)).join()).toContain('（标签「教育口」，共 1 个单位）')
    expect((await h.say(officer, '取消', bureau)).join()).toContain('已取消')
    expect((await h.say(officer, '通知 U1、U9：测试', bureau)).join()).toContain('找不到单位或标签：U9')
    expect((await h.say(officer, '通知 随便说说', bureau)).join()).toContain('发送通知的格式')
    // a 确认 long after the draft sends nothing
    expect((await h.say(officer, '通知 U1：过期的草稿', bureau)).join()).toContain('将向 1 个群')
    h.c.clock.set(new Date(h.c.clock.now().getTime() + 31 * 60_000))
    expect((await h.say(officer, '确认', bureau)).join()).toContain('确认已超时')
    expect(h.sent.slice(before).filter((m) => m.text.includes('【通知】'))).toEqual([])
    // unit staff cannot send notices, and 通知 there is ordinary chat
    expect(await h.say(people[0], '通知 全部：我们单位开会', rooms[0])).toEqual([])
  })

  it('sends a scheduled notice at its time and not before; 收到 before delivery does not count', async () => {
    const { h, rooms, people } = await givenBureau()
    const before = h.sent.length
    const at = new Date(h.c.clock.now().getTime() + 10 * 60_000)
    const s = await h.c.notices.broadcast.create(
      {
        title: '关于召开绩效监控培训会的通知',
        body: '定于下周一上午9点。',
        targets: { kind: 'units', codes: ['U1'] },
        sendAt: at,
      },
      { kind: 'admin', name: 'test' },
    )
    // the notice waits in the outbox, so h.say (which waits for an empty outbox) cannot be used yet
    const handled = async () => {
      const until = Date.now() + 5000
      while (h.attached.handled() < h.said && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
      await new Promise((r) => setTimeout(r, 300))
    }
    await handled()
    expect(noticesIn(h, rooms[0], before)).toHaveLength(0)
    h.said++
    people[0].say('收到').to(rooms[0]) // this notice is not delivered yet, so this is no acknowledgement of it
    await handled()
    const early = await h.c.notices.broadcast.get(s.id)
    expect(early?.acks).toEqual([])
    h.c.clock.set(new Date(at.getTime() - 1000))
    await handled()
    expect(noticesIn(h, rooms[0], before)).toHaveLength(0)
    expect((await h.c.outbox.findByKey(early?.routes[0].key ?? ''))?.state).toBe('pending')
    h.c.clock.set(new Date(at.getTime() + 1000))
    await h.settle()
    const sent = noticesIn(h, rooms[0], before)
    expect(sent).toHaveLength(1)
    expect(sent[0].text).toContain('关于召开绩效监控培训会的通知')
    await h.say(people[0], '收到', rooms[0])
    const n = await h.c.notices.broadcast.get(s.id)
    expect(n?.acks.map((a) => a.unitCode)).toEqual(['U1'])
  })
})
