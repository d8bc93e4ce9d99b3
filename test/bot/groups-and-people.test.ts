import { describe, it, expect } from '@jest/globals'
import { submissionModel } from '../../src/db/models/submission.js'
import { dialogModel } from '../../src/db/models/dialog.js'
import { useFreshBotWorld } from '../support/bot-world.js'
import { FUNDS, ON_TRACK } from '../support/bot-fixtures.js'

describe('bot: shared groups, colleagues, bureau commands', () => {
  // each test on a world of its own: U1..U3 unbound, nothing filed
  const world = useFreshBotWorld('bot_groups', ['U1', 'U2', 'U3'])

  it('in a shared group, members of two units bind themselves and file at the same time', async () => {
    const { h, db, roundId } = world
    const [a, b] = h.mocker.createContacts(2)
    const shared = h.mocker.createRoom({ topic: '部门绩效工作群', memberIdList: [h.botUser.id, a.id, b.id] })
    expect((await h.say(a, '绑定 共享群', shared)).join()).toContain('多单位共享群')
    expect((await h.say(a, '填报', shared)).join()).toContain('您还没有绑定单位')
    expect((await h.say(a, '绑定 BINDU1', shared)).join()).toContain('测试县第1局')
    expect((await h.say(b, '绑定 bindu2', shared)).join()).toContain('测试县第2局') // codes are case-insensitive
    await h.say(a, '填报', shared)
    await h.say(b, '填报', shared)
    await h.say(a, FUNDS, shared)
    await h.say(b, FUNDS.replace('20万', '25万').replace('15万', '20万'), shared)
    expect((await h.say(a, ON_TRACK, shared)).join()).toContain('已全部填写')
    expect((await h.say(b, ON_TRACK, shared)).join()).toContain('已全部填写')
    expect((await h.say(b, '提交', shared)).join()).toContain('已提交')
    expect((await h.say(a, '提交', shared)).join()).toContain('已提交')
    const subs = await submissionModel(db).find({ roundId, form: 'project' }).sort({ unitCode: 1 }).lean()
    expect(subs.map((s) => [s.unitCode, s.answers['projects.P1.funds.total.executed']])).toEqual([
      ['U1', 20_000_000],
      ['U2', 25_000_000],
    ])
  })

  it('a colleague who starts the same form is told who is filling, and can take over keeping the answers', async () => {
    const { h, db } = world
    const {
      staff: [first, second],
      room,
    } = await h.groupMidForm('U3', '测试县第3局财务群')
    expect(await h.say(second, '大家辛苦了', room)).toEqual([]) // chatting is not an answer
    const told = (await h.say(second, '填报', room)).join()
    expect(told).toContain(`${first.payload.name} 正在填报`)
    expect(told).toContain('接管')
    const taken = (await h.say(second, '接管', room)).join('\n')
    expect(taken).toContain('已接管')
    expect(taken).toContain('绩效指标') // continues where the colleague was, answers kept
    const d = await dialogModel(db).findOne({ unitCode: 'U3', status: 'active' }).lean()
    expect(d?.ownerId).toBe(second.id)
    expect((d?.state as { answers: Record<string, unknown> }).answers['projects.P1.funds.total.executed']).toBe(
      20_000_000,
    )
    // the first person's messages are now ordinary chatter
    expect(await h.say(first, '好的', room)).toEqual([])
  })

  it('refuses bureau-only commands from unit staff, and runs them in the bureau group', async () => {
    const { h } = world
    // U1 and U2 have filed, U3 has a group but has not
    await h.groupSubmitted('U1', '测试县第1局财务群')
    await h.groupSubmitted('U2', '测试县第2局财务群')
    await h.groupBound('U3', '测试县第3局财务群')
    const [unitStaff, officer] = h.mocker.createContacts(2)
    const unitRoom = h.mocker.createRoom({ topic: '测试县第1局群', memberIdList: [h.botUser.id, unitStaff.id] })
    await h.say(unitStaff, '绑定 BINDU1', unitRoom)
    expect((await h.say(unitStaff, '催报 U2', unitRoom)).join()).toContain('仅限财政局')
    expect((await h.say(unitStaff, '解绑 U1', unitRoom)).join()).toContain('仅限财政局')

    const bureau = h.mocker.createRoom({ topic: '财政局绩效股', memberIdList: [h.botUser.id, officer.id] })
    expect((await h.say(officer, '绑定 BUREAU2027', bureau)).join()).toContain('财政局工作群')
    const progress = (await h.say(officer, '进度', bureau)).join('\n')
    expect(progress).toContain('应报 3，已报 2')
    expect(progress).toContain('未报 1')
    expect(progress).toContain('测试县第3局')
    const before = h.sent.length
    const reply = (await h.say(officer, '催报 测试县第3局', bureau)).join()
    expect(reply).toContain('已向「测试县第3局」工作群发送催报')
    const reminder = h.sent.slice(before).find((s) => s.text.includes('【催报】'))
    expect(reminder?.roomId).not.toBe(bureau.id)
    expect(reminder?.text).toContain('项目支出绩效目标执行监控表')
  })

  it('when the bot is removed from a group, the binding becomes inactive and the bureau group is told', async () => {
    const { h } = world
    // the bureau has its group, to be told
    const [officer, staff] = h.mocker.createContacts(2)
    const bureau = h.mocker.createRoom({ topic: '财政局绩效股', memberIdList: [h.botUser.id, officer.id] })
    await h.say(officer, '绑定 BUREAU2027', bureau)
    const room = h.mocker.createRoom({ topic: '测试县第2局临时群', memberIdList: [h.botUser.id, staff.id] })
    await h.c.chat.bindings.unbindUnit('U2')
    await h.say(staff, '绑定 BINDU2', room)
    const before = h.sent.length
    h.puppet.emit('room-leave', {
      roomId: room.id,
      removeeIdList: [h.botUser.id],
      removerId: staff.id,
      timestamp: Date.now(),
    })
    const until = Date.now() + 5000
    while (Date.now() < until && !h.sent.slice(before).some((s) => s.text.includes('已被移出群「测试县第2局临时群」')))
      await new Promise((r) => setTimeout(r, 100))
    const alert = h.sent.slice(before).find((s) => s.text.includes('已被移出群'))
    expect(alert?.text).toContain('测试县第2局临时群')
    expect(alert?.roomId).toBe(bureau.id)
    expect(await h.c.chat.bindings.roomBinding(room.id)).toBeNull()
  })

  it('answers a voice or image message addressed to it (an open dialog) with a one-line hint', async () => {
    const { h } = world
    const [staff] = h.mocker.createContacts(1)
    const room = h.mocker.createRoom({ topic: '测试县第3局第二群', memberIdList: [h.botUser.id, staff.id] })
    await h.say(staff, '绑定 BINDU3', room)
    await h.say(staff, '填报', room)
    const before = h.sent.length
    const { FileBox } = await import('file-box')
    h.said++
    staff.say(FileBox.fromUrl('https://example.org/voice.silk')).to(room)
    await h.settle()
    const replies = h.sent
      .slice(before)
      .map((s) => s.text)
      .join()
    expect(replies).toContain('只能处理文字消息')
  })
})
