import { describe, it, expect } from '@jest/globals'
import { submissionModel } from '../../src/db/models/submission.js'
import { useFreshBotWorld } from '../support/bot-world.js'
import { FUNDS, ON_TRACK } from '../support/bot-fixtures.js'

/** A chat dialog and the mini-program filling the same form: neither silently overwrites the other. */
describe('bot: 提交 after someone saved the same form in the mini-program', () => {
  // each test on a world of its own: U1 unbound, nothing filed, the clock at 2027-07-05T02:00Z
  const world = useFreshBotWorld('bot_edit_conflict', ['U1'])
  const rows = () =>
    submissionModel(world.db)
      .find({ roundId: world.roundId, unitCode: 'U1', form: 'project' })
      .sort({ version: 1 })
      .lean()

  it('says who saved what, keeps the dialog open, and a second 提交 is the confirmation', async () => {
    const { h, roundId } = world
    const [staff] = h.mocker.createContacts(1)
    const room = h.mocker.createRoom({ topic: '测试县第1局财务群', memberIdList: [h.botUser.id, staff.id] })
    await h.say(staff, '绑定 BINDU1', room)
    await h.say(staff, '填报', room)
    await h.say(staff, FUNDS, room)
    expect((await h.say(staff, ON_TRACK, room)).join('\n')).toContain('已全部填写')

    // meanwhile a colleague saves a draft of the same table in the mini-program
    const t = { roundId, unitCode: 'U1', form: 'project' as const }
    await h.c.services.submissions.saveDraft(
      t,
      { 'projects.P1.goalProgress': '小程序里写的进展' },
      { by: '李强', channel: 'miniprogram' },
    )

    const refused = (await h.say(staff, '提交', room)).join('\n')
    expect(refused).toContain('提交未成功')
    expect(refused).toContain('另一位同事在小程序保存了本表的第 1 版（草稿）')
    expect(refused).toContain('再次发送“提交”')
    expect((await rows()).map((r) => [r.version, r.status, r.by])).toEqual([[1, 'draft', '李强']])

    // the dialog is still open where it was: the second 提交 writes the chat's answers over the draft
    const done = (await h.say(staff, '提交', room)).join('\n')
    expect(done).toContain('已提交《项目支出绩效目标执行监控表》（第 1 版）')
    const [v1] = await rows()
    expect(v1).toMatchObject({ version: 1, status: 'submitted', channel: 'wechat' })
    expect(v1?.answers['projects.P1.funds.total.executed']).toBe(20_000_000)
    expect(v1?.answers['projects.P1.goalProgress']).toBe('已养护道路60公里，按计划推进')
  })

  it('a form nobody else touched submits at the first 提交, and the dialog’s own parked draft is no conflict', async () => {
    const { h } = world
    // the project table is in: version 1 submitted from the unit's group
    await h.groupSubmitted('U1', '测试县第1局财务群')
    expect((await rows()).map((r) => [r.version, r.status])).toEqual([[1, 'submitted']])
    const [staff] = h.mocker.createContacts(1)
    const room = h.mocker.createRoom({ topic: '测试县第1局绩效群', memberIdList: [h.botUser.id, staff.id] })
    await h.say(staff, '绑定 BINDU1', room)
    // start a fresh round of edits on it as a new version
    await h.c.services.submissions.returnSubmission((await rows())[0]!._id.toString(), '请补充说明', '财政局王敏')
    const first = (await h.say(staff, '填报', room)).join('\n')
    expect(first).toContain('财政局退回了本表')
    // idle a day: parked as the dialog's own draft (version 2) — then resumed and submitted
    h.c.clock.set('2027-07-06T03:00:00Z')
    await h.c.chat.dialogs.idle(new Date('2027-07-06T03:00:00Z'))
    expect((await rows()).map((r) => [r.version, r.status])).toEqual([
      [1, 'returned'],
      [2, 'draft'],
    ])
    await h.say(staff, '继续', room)
    const done = (await h.say(staff, '提交', room)).join('\n')
    expect(done).toContain('（第 2 版）')
    expect((await rows()).map((r) => [r.version, r.status])).toEqual([
      [1, 'returned'],
      [2, 'submitted'],
    ])
  })
})
