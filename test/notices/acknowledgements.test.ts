import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import type { mock } from 'wechaty-puppet-mock'
import { dialogModel } from '../../src/db/models/dialog.js'
import { noticeFollowUps } from '../../jobs/notice-follow-ups.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { BotHarness } from '../support/bot-harness.js'
import { seedBotWorld } from '../support/bot-fixtures.js'

/** Each test sends a notice of its own; a distinct title tells its quotes and follow-ups from the others'. */
let batch = 0
const nextTitle = () => `关于报送2027年1-6月绩效运行监控表的通知（第${++batch}批）`
const TARGETS = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9', 'U10']
const unitName = (code: string) => `测试县第${code.slice(1)}局`

/**
 * The scenario: a notice to 10 units — U1..U6 have their own groups, U7..U9 sit in one shared
 * group, U10 has no group; U11 (own group) is not targeted. 7 units acknowledge (U1 twice, U2 from inside
 * an open dialog, U4 by quoting the notice, U7 and U8 in the shared group); U6 and U9 stay silent.
 * The groups and bindings are made once; every test sends its own notice (givenNotice) and, where it
 * needs them, has the seven units acknowledge it (givenAcknowledged), so tests run in any order.
 */
describe('notices: delivery, acknowledgements, status, follow-up', () => {
  let db: Connection
  let h: BotHarness
  const rooms = new Map<string, mock.RoomMock>()
  const staff = new Map<string, mock.ContactMock>()
  let shared: mock.RoomMock
  let officer: mock.ContactMock
  let stranger: mock.ContactMock

  beforeAll(async () => {
    db = await openTestDb('notice_acks')
    await seedBotWorld(db, [...TARGETS, 'U11'])
    h = new BotHarness(db, '2027-07-01T01:00:00Z')
    await h.start()
    ;[officer, stranger] = h.mocker.createContacts(2)
    const bureau = h.mocker.createRoom({ topic: '财政局绩效股', memberIdList: [h.botUser.id, officer.id] })
    await h.say(officer, '绑定 BUREAU2027', bureau)
    for (const u of ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U11']) {
      const [person] = h.mocker.createContacts(1)
      const members = [h.botUser.id, person.id, ...(u === 'U6' ? [officer.id] : [])] // the officer sits in U6's group too
      const room = h.mocker.createRoom({ topic: `${unitName(u)}财务群`, memberIdList: members })
      await h.say(person, `绑定 BIND${u}`, room)
      rooms.set(u, room)
      staff.set(u, person)
    }
    const members = h.mocker.createContacts(3)
    shared = h.mocker.createRoom({
      topic: '部门绩效工作群',
      memberIdList: [h.botUser.id, stranger.id, ...members.map((m) => m.id)],
    })
    await h.say(members[0], '绑定 共享群', shared)
    for (const [i, u] of ['U7', 'U8', 'U9'].entries()) {
      await h.say(members[i], `绑定 BIND${u}`, shared)
      staff.set(u, members[i])
    }
  })
  afterAll(async () => {
    await h.stop()
    await closeTestDb(db)
  })

  /** A new notice to the ten units (follow-up after 60 min), delivered to its groups. */
  async function givenNotice(title: string) {
    const s = await h.c.notices.broadcast.create(
      {
        title,
        body: '请各单位于7月10日前完成填报。',
        targets: { kind: 'units', codes: TARGETS },
        followUpAfterMinutes: 60,
      },
      { kind: 'admin', name: 'test' },
    )
    await h.settle()
    return s
  }

  /** The seven acknowledgements of the scenario for the latest notice `title` (U4 by quoting it). */
  async function givenAcknowledged(title: string): Promise<void> {
    for (const u of ['U1', 'U2', 'U3', 'U5'])
      await h.say(staff.get(u) as mock.ContactMock, u === 'U3' ? '已收到，谢谢' : '收到', rooms.get(u))
    await h.say(
      staff.get('U4') as mock.ContactMock,
      `「填报助手：【通知】${title}」\n- - - - - - - - - - - - - - -\n好的`,
      rooms.get('U4'),
    )
    await h.say(staff.get('U7') as mock.ContactMock, '收到', shared)
    await h.say(staff.get('U8') as mock.ContactMock, '收到', shared)
  }

  it('sends one message per group: own groups, the shared group once for its three units, none for U10', async () => {
    const before = h.sent.length
    const s = await givenNotice(nextTitle())
    const noticeId = s.id
    expect(s).toMatchObject({ units: 10, groups: 7, noGroup: [{ unitCode: 'U10', unitName: unitName('U10') }] })
    const notices = h.sent.slice(before).filter((m) => m.text.includes('【通知】'))
    expect(notices).toHaveLength(7)
    const inShared = notices.filter((m) => m.roomId === shared.id)
    expect(inShared).toHaveLength(1)
    expect(inShared[0].text).toContain(
      `请以下单位收到后回复“收到”：${unitName('U7')}、${unitName('U8')}、${unitName('U9')}`,
    )
    expect(notices.some((m) => m.roomId === rooms.get('U11')?.id)).toBe(false)
    const keys = await h.c.outbox.model.find({ 'meta.noticeId': noticeId }, { key: 1, priority: 1, state: 1 }).lean()
    expect(keys.map((k) => k.key).sort()).toContain(`notice:${noticeId}:${shared.id}`)
    expect(keys.every((k) => k.priority === 2 && k.state === 'sent')).toBe(true)
  })

  it('records 7 acknowledgements once each; the keyword inside an open dialog repeats its question', async () => {
    const title = nextTitle()
    const { id: noticeId } = await givenNotice(title)
    // U2's staff member is filling in when the notice arrives
    const dialogStart = await h.say(staff.get('U2') as mock.ContactMock, '填报', rooms.get('U2'))
    const question = dialogStart[dialogStart.length - 1].split('\n').slice(1).join('\n') // without the greeting line
    expect(await h.say(staff.get('U1') as mock.ContactMock, '收到', rooms.get('U1'))).toEqual([]) // recorded silently
    expect(await h.say(staff.get('U1') as mock.ContactMock, '收到！', rooms.get('U1'))).toEqual([])
    const inDialog = await h.say(staff.get('U2') as mock.ContactMock, '收到', rooms.get('U2'))
    expect(inDialog[0]).toContain(`已记录收到通知《${title}》`)
    expect(inDialog[inDialog.length - 1]).toContain(question)
    const d = await dialogModel(db).findOne({ unitCode: 'U2', status: 'active' }).lean()
    expect((d?.state as { answers: Record<string, unknown> }).answers).toEqual({}) // 收到 was not taken as an answer
    await h.say(staff.get('U3') as mock.ContactMock, '已收到，谢谢', rooms.get('U3'))
    await h.say(
      staff.get('U4') as mock.ContactMock,
      `「填报助手：【通知】${title}」\n- - - - - - - - - - - - - - -\n好的`,
      rooms.get('U4'),
    )
    await h.say(staff.get('U5') as mock.ContactMock, '收到', rooms.get('U5'))
    await h.say(staff.get('U7') as mock.ContactMock, '收到', shared)
    await h.say(staff.get('U8') as mock.ContactMock, '收到', shared)
    const n = await h.c.notices.broadcast.get(noticeId)
    expect(n?.acks.map((a) => a.unitCode).sort()).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U7', 'U8'])
  })

  it('ignores 收到 from an untargeted group, from bureau staff, and from someone not bound in the shared group', async () => {
    const title = nextTitle()
    const { id: noticeId } = await givenNotice(title)
    await givenAcknowledged(title)
    await h.say(staff.get('U11') as mock.ContactMock, '收到', rooms.get('U11'))
    await h.say(officer, '收到', rooms.get('U6'))
    await h.say(stranger, '收到', shared)
    const n = await h.c.notices.broadcast.get(noticeId)
    expect(n?.acks.map((a) => a.unitCode).sort()).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U7', 'U8'])
  })

  it('reports the exact status with unit names', async () => {
    const title = nextTitle()
    const { id: noticeId } = await givenNotice(title)
    await givenAcknowledged(title)
    const n = await h.c.notices.broadcast.get(noticeId)
    if (!n) throw new Error('notice missing')
    const s = await h.c.notices.broadcast.status(n)
    expect(s.counts).toEqual({
      units: 10,
      groups: 7,
      delivered: 9,
      pending: 0,
      failed: 0,
      noGroup: 1,
      acknowledged: 7,
      notAcknowledged: 2,
    })
    const by = new Map(s.units.map((u) => [u.unitCode, u]))
    expect(by.get('U1')).toMatchObject({
      unitName: unitName('U1'),
      delivery: 'sent',
      acknowledged: true,
      ackBy: staff.get('U1')?.payload.name,
    })
    expect(n.acks.find((a) => a.unitCode === 'U4')?.via).toBe('quote')
    expect(by.get('U7')).toMatchObject({
      delivery: 'sent',
      roomTopic: '部门绩效工作群',
      acknowledged: true,
      ackBy: staff.get('U7')?.payload.name,
    })
    expect(by.get('U10')).toMatchObject({ unitName: unitName('U10'), delivery: 'no-group', acknowledged: false })
    expect(s.units.filter((u) => u.delivery === 'sent' && !u.acknowledged).map((u) => u.unitCode)).toEqual(['U6', 'U9'])
  })

  it('sends one follow-up after the delay, reaching only the two silent units', async () => {
    const title = nextTitle()
    await givenNotice(title)
    await givenAcknowledged(title)
    // other tests' notices get their own follow-ups when this job runs: only this notice's are looked at
    const followUps = (from: number) =>
      h.sent.slice(from).filter((m) => m.text.includes('【通知提醒】') && m.text.includes(`《${title}》`))
    const run = noticeFollowUps.handler(h.c)
    const before = h.sent.length
    await run({})
    await h.settle()
    expect(followUps(before)).toEqual([]) // not yet due
    h.c.clock.set(new Date(h.c.clock.now().getTime() + 61 * 60_000))
    await run({})
    await run({}) // a rerun sends nothing more
    await h.settle()
    const follow = followUps(before)
    expect(follow.map((m) => m.roomId).sort()).toEqual([rooms.get('U6')?.id, shared.id].sort())
    const sharedFollow = follow.find((m) => m.roomId === shared.id)?.text ?? ''
    expect(sharedFollow).toContain(unitName('U9'))
    expect(sharedFollow).not.toContain(unitName('U7'))
    expect(sharedFollow).not.toContain(unitName('U8'))
  })
})
