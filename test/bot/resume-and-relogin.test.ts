import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import type { Connection } from 'mongoose'
import { bindingModel } from '../../src/db/models/binding.js'
import { dialogModel } from '../../src/db/models/dialog.js'
import { submissionModel } from '../../src/db/models/submission.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { BotHarness } from '../support/bot-harness.js'
import { seedBotWorld, FUNDS } from '../support/bot-fixtures.js'

describe('bot: nothing lost across restarts, re-logins, private chats and returns', () => {
  let db: Connection
  let roundId: string
  // every test: a database of its own (its bot processes' leases and pace start clean) with U1..U3 unbound
  beforeEach(async () => {
    db = await openTestDb('bot_resume')
    roundId = await seedBotWorld(db, ['U1', 'U2', 'U3'])
  })
  afterEach(async () => closeTestDb(db))

  it('a new bot process continues a dialog at the same question', async () => {
    const h1 = new BotHarness(db, '2027-07-05T02:00:00Z')
    await h1.start()
    const [staff] = h1.mocker.createContacts(1)
    const room = h1.mocker.createRoom({ topic: '第一局群', memberIdList: [h1.botUser.id, staff.id] })
    await h1.say(staff, '绑定 BINDU1', room)
    await h1.say(staff, '填报', room)
    expect((await h1.say(staff, FUNDS, room)).join()).toContain('绩效指标')
    await h1.stop()

    // a second process with the same account; the puppet keeps the same ids (a stable-id puppet)
    const h3 = new BotHarness(db, '2027-07-05T03:00:00Z')
    await h3.start()
    const staff3 = h3.mocker.createContact({ id: staff.id, name: staff.payload.name })
    const room3 = h3.mocker.createRoom({ id: room.id, topic: '第一局群', memberIdList: [h3.botUser.id, staff3.id] })
    const next = (await h3.say(staff3, '70 120\n95 95', room3)).join()
    expect(next).toContain('已全部填写') // continued at the indicators block, funds kept
    expect((await h3.say(staff3, '提交', room3)).join()).toContain('已提交')
    const s = await submissionModel(db).findOne({ roundId, unitCode: 'U1' }).lean()
    expect(s?.answers['projects.P1.funds.total.executed']).toBe(20_000_000)
    await h3.stop()
  })

  it('a re-login with new room and contact ids keeps the bindings and the open dialog', async () => {
    const h1 = new BotHarness(db, '2027-07-05T04:00:00Z')
    await h1.start()
    const [staff] = h1.mocker.createContacts(1)
    const room = h1.mocker.createRoom({ topic: '第二局财务群', memberIdList: [h1.botUser.id, staff.id] })
    await h1.say(staff, '绑定 BINDU2', room)
    await h1.say(staff, '填报', room)
    await h1.say(staff, FUNDS, room)
    await h1.stop()

    // wechat4u-style: everything comes back with new ids, same topic and names
    const h2 = new BotHarness(db, '2027-07-05T05:00:00Z')
    await h2.start()
    const staffNew = h2.mocker.createContact({ name: staff.payload.name })
    const roomNew = h2.mocker.createRoom({ topic: '第二局财务群', memberIdList: [h2.botUser.id, staffNew.id] })
    expect(roomNew.id).not.toBe(room.id)
    // the re-match runs at login; log in again so it sees the new room
    await h2.relogin()
    const b = await bindingModel(db).findOne({ unitCode: 'U2', kind: 'unit-room', active: true }).lean()
    expect(b?.roomId).toBe(roomNew.id)
    const next = (await h2.say(staffNew, '70 120\n95 95', roomNew)).join()
    expect(next).toContain('已全部填写')
    const d = await dialogModel(db).findOne({ unitCode: 'U2', status: 'active' }).lean()
    expect(d?.roomId).toBe(roomNew.id)
    await h2.stop()
  })

  it('files in a private chat after a friend request, knowing the unit from the member binding', async () => {
    const h = new BotHarness(db, '2027-07-06T02:00:00Z')
    await h.start()
    const [clerk] = h.mocker.createContacts(1)
    const shared = h.mocker.createRoom({ topic: '部门绩效工作群', memberIdList: [h.botUser.id, clerk.id] })
    await h.say(clerk, '绑定 共享群', shared)
    await h.say(clerk, '绑定 BINDU3', shared)
    await h.requestFriend(clerk, '你好')
    expect(h.puppet.accepted).toHaveLength(1)
    const first = (await h.say(clerk, '填报')).join()
    expect(first).toContain('项目 1/1：乡村道路养护')
    expect(h.sent[h.sent.length - 1].roomId).toBeFalsy() // answered privately
    // bound to a second unit too: a private 填报 asks which one
    await h.say(clerk, '取消')
    await h.say(clerk, '是')
    await h.say(clerk, '绑定 BINDU2', shared)
    const ask = (await h.say(clerk, '填报')).join()
    expect(ask).toContain('您绑定了多个单位')
    expect(ask).toMatch(/1\. 测试县第2局\n2\. 测试县第3局/)
    expect((await h.say(clerk, '2')).join()).toContain('项目 1/1：乡村道路养护')
    const d = await dialogModel(db).findOne({ ownerId: clerk.id, status: 'active' }).lean()
    expect(d?.unitCode).toBe('U3')
    await h.stop()
  })

  it('a submission the bureau returned resumes pre-filled, showing the comment first', async () => {
    // U1 filed and submitted the project table from its group, in an earlier bot process
    const h0 = new BotHarness(db, '2027-07-05T02:00:00Z')
    await h0.start()
    await h0.groupSubmitted('U1', '第一局群')
    await h0.stop()

    const h = new BotHarness(db, '2027-07-07T02:00:00Z')
    await h.start()
    const first = await submissionModel(db).findOne({ roundId, unitCode: 'U1' }).lean()
    expect(first).toMatchObject({ version: 1, status: 'submitted' })
    await h.c.services.submissions.returnSubmission(String(first?._id), '道路里程与台账不符，请核对', '财政局王敏')
    const [staff] = h.mocker.createContacts(1)
    const room = h.mocker.createRoom({ topic: '第一局新群', memberIdList: [h.botUser.id, staff.id] })
    await h.c.chat.bindings.unbindUnit('U1')
    await h.say(staff, '绑定 BINDU1', room)
    const replies = (await h.say(staff, '填报', room)).join('\n')
    expect(replies.indexOf('道路里程与台账不符')).toBeGreaterThanOrEqual(0)
    expect(replies.indexOf('退回')).toBeLessThan(replies.indexOf('已全部填写'))
    expect((await h.say(staff, '提交', room)).join()).toContain('第 2 版')
    const v2 = await submissionModel(db).findOne({ roundId, unitCode: 'U1', version: 2 }).lean()
    expect(v2?.firstSubmittedAt?.toISOString()).toBe(first?.firstSubmittedAt?.toISOString())
    await h.stop()
  })
})
