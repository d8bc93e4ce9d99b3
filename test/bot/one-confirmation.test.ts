import { describe, it, expect } from '@jest/globals'
import { roundModel } from '../../src/db/models/round.js'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { submissionModel } from '../../src/db/models/submission.js'
import { inboundHandler } from '../../bot/handlers/inbound-handler.js'
import { InboundJournal } from '../../src/db/repositories/inbound-journal.js'
import { useFreshBotWorld } from '../support/bot-world.js'
import { FUNDS, ON_TRACK } from '../support/bot-fixtures.js'

/**
 * Issue 14, one voice: a submission made in chat is confirmed in exactly one message, said once it is
 * stored, with its version; a submission the store refuses gets one message saying why, and the dialog
 * keeps every answer at the submit confirmation.
 */
describe('bot: one confirmation per submission, and a refused one loses nothing', () => {
  // each test on a world of its own: U1 unbound, nothing filed, the clock at 2027-07-05T02:00Z
  const world = useFreshBotWorld('bot_one_confirmation', ['U1'])
  const rows = () =>
    submissionModel(world.db)
      .find({ roundId: world.roundId, unitCode: 'U1', form: 'project' })
      .sort({ version: 1 })
      .lean()
  const count = (texts: string[], word: string) => texts.join('\n').split(word).length - 1

  /** U1's group with the project table answered in full, at the submit confirmation. */
  async function atConfirmation() {
    const { h } = world
    const {
      staff: [staff],
      room,
    } = await h.groupBound('U1', '测试县第1局财务群')
    await h.say(staff, '填报', room)
    await h.say(staff, FUNDS, room)
    expect((await h.say(staff, ON_TRACK, room)).join('\n')).toContain('已全部填写')
    return { staff, room }
  }

  it('提交: exactly one message, the receipt with the version', async () => {
    const { h } = world
    const { staff, room } = await atConfirmation()
    const done = await h.say(staff, '提交', room)
    expect(done).toHaveLength(1)
    expect(done[0]).toContain('已提交《项目支出绩效目标执行监控表》（第 1 版）。')
    expect(count(done, '已提交')).toBe(1)
    expect((await rows()).map((r) => [r.version, r.status])).toEqual([[1, 'submitted']])
  })

  it('a round locked meanwhile: one message why, no 已提交; 修改 works, and 确认 submits once it is open again', async () => {
    const { h, db, roundId } = world
    const { staff, room } = await atConfirmation()
    expect((await roundModel(db).updateOne({ _id: roundId }, { $set: { status: 'locked' } })).matchedCount).toBe(1)
    h.c.repos.rounds.forget(roundId)

    const refused = await h.say(staff, '确认', room)
    expect(refused).toHaveLength(1)
    expect(refused[0]).toContain('提交未成功：本轮填报已锁定')
    expect(refused[0]).toContain('回复“确认”')
    expect(count(refused, '已提交')).toBe(0)
    expect(await rows()).toEqual([])
    const dialog = await db.collection('dialogs').findOne({ unitCode: 'U1' })
    expect(dialog).toMatchObject({ status: 'active', state: { done: false, pending: { type: 'submit' } } })
    expect((dialog?.state as { answers: Record<string, unknown> }).answers['projects.P1.funds.total.executed']).toBe(
      20_000_000,
    )

    // the answers are all there: 修改 1 shows the old value, and the summary comes back after it
    expect((await h.say(staff, '修改 7', room)).join('\n')).toContain('原填：已养护道路60公里，按计划推进')
    expect((await h.say(staff, '已养护道路65公里，按计划推进', room)).join('\n')).toContain('已全部填写')

    // the bureau reopens the unit: 确认 submits, one receipt
    expect(
      (await roundUnitModel(db).updateOne({ roundId, unitCode: 'U1' }, { $set: { reopened: true } })).matchedCount,
    ).toBe(1)
    const done = await h.say(staff, '确认', room)
    expect(done).toHaveLength(1)
    expect(done[0]).toContain('已提交《项目支出绩效目标执行监控表》（第 1 版）')
    const [v1] = await rows()
    expect(v1).toMatchObject({ version: 1, status: 'submitted' })
    expect(v1?.answers['projects.P1.funds.total.executed']).toBe(20_000_000)
    expect(v1?.answers['projects.P1.goalProgress']).toBe('已养护道路65公里，按计划推进')
  })

  it('someone else saved the form at the very moment of the store: one message, answers kept, 提交 again writes them', async () => {
    const { h } = world
    const { staff, room } = await atConfirmation()
    const t = { roundId: world.roundId, unitCode: 'U1', form: 'project' as const }
    // the mini-program's draft lands between the completing turn and the store
    const submissions = h.c.services.submissions
    const submit = submissions.submit.bind(submissions)
    submissions.submit = async (...args) => {
      submissions.submit = submit
      await submissions.saveDraft(
        t,
        { 'projects.P1.goalProgress': '小程序里写的进展' },
        { by: '李强', channel: 'miniprogram' },
      )
      return submit(...args)
    }
    const refused = await h.say(staff, '提交', room)
    expect(refused).toHaveLength(1)
    expect(refused[0]).toContain('提交未成功：您填写期间，另一位同事在小程序保存了本表的第 1 版（草稿）')
    expect(count(refused, '已提交')).toBe(0)
    const done = await h.say(staff, '提交', room)
    expect(done).toHaveLength(1)
    expect(done[0]).toContain('已提交《项目支出绩效目标执行监控表》（第 1 版）')
    expect((await rows()).map((r) => [r.version, r.status, r.channel, r.answers['projects.P1.goalProgress']])).toEqual([
      [1, 'submitted', 'wechat', '已养护道路60公里，按计划推进'],
    ])
  })

  it('a store that failed unexpectedly: a generic line, and the next message settles it — stored once', async () => {
    const { h, db } = world
    const { staff, room } = await atConfirmation()
    // the submission is written, then the process fails before the dialog is settled
    const submissions = h.c.services.submissions
    const submit = submissions.submit.bind(submissions)
    submissions.submit = async (...args) => {
      submissions.submit = submit
      await submit(...args)
      throw new Error('lost after the write')
    }
    const failed = await h.say(staff, '提交', room)
    expect(failed).toHaveLength(1)
    expect(failed[0]).toContain('系统出了点问题')
    expect(failed[0]).not.toContain('lost after the write')
    expect(await db.collection('dialogs').findOne({ unitCode: 'U1' })).toMatchObject({
      status: 'active',
      state: { done: true },
    })

    const done = await h.say(staff, '确认', room)
    expect(done).toHaveLength(1)
    expect(done[0]).toContain('已提交《项目支出绩效目标执行监控表》（第 1 版）')
    expect((await rows()).map((r) => [r.version, r.status])).toEqual([[1, 'submitted']])
    expect(await db.collection('dialogs').findOne({ unitCode: 'U1' })).toMatchObject({
      status: 'completed',
      submissionId: String((await rows())[0]?._id),
    })
  })

  it('the database went away during the store: no reply yet, and the journal retry stores it once, one receipt', async () => {
    const { h, db } = world
    const { staff, room } = await atConfirmation()
    const submissions = h.c.services.submissions
    const submit = submissions.submit.bind(submissions)
    submissions.submit = () => {
      submissions.submit = submit
      return Promise.reject(Object.assign(new Error('connection reset'), { name: 'MongoNetworkError' }))
    }
    expect(await h.say(staff, '提交', room)).toEqual([]) // left to the journal's retry
    const entry = await db.collection('inbound_messages').findOne({ text: '提交' })
    expect(entry?.state).toBe('handling')
    expect(await db.collection('dialogs').findOne({ unitCode: 'U1' })).toMatchObject({
      status: 'active',
      state: { done: true },
      lastTurn: { messageId: entry?.messageId, replies: [] },
    })

    // the lease lapses; the entry is handled again: the dialog's completing turn is stored now
    await db
      .collection('inbound_messages')
      .updateOne({ messageId: entry?.messageId }, { $set: { leaseUntil: new Date(0) } })
    const before = h.sent.length
    const again = inboundHandler(
      h.c,
      h.bot,
      'default',
      new InboundJournal(db, h.c.clock, `restarted:${Math.random()}`, 60_000),
    )
    expect(await again.recover()).toBe(1)
    await h.settle()
    const replies = h.sent.slice(before).map((m) => m.text)
    expect(replies).toHaveLength(1)
    expect(replies[0]).toContain('已提交《项目支出绩效目标执行监控表》（第 1 版）')
    expect((await rows()).map((r) => [r.version, r.status])).toEqual([[1, 'submitted']])
    expect(await db.collection('dialogs').findOne({ unitCode: 'U1' })).toMatchObject({ status: 'completed' })
    expect(await again.recover()).toBe(0)
  })
})
