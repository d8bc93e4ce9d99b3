import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { Connection } from 'mongoose'
import { submissionModel } from '../../src/db/models/submission.js'
import { BotHarness } from '../support/bot-harness.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { closeTestDb, openTestDb } from '../support/db.js'

/** The department table by chat when the unit has no budget on file: budget, executed, expected per line. */
const DEPARTMENT = '500万 260万 500万\n300万 160万 300万\n200万 100万 200万'

/**
 * The 填报 list numbers the unit's tables of the round once: a submitted table keeps its line and
 * number, so "2" typed from a list seen before a submission still opens the table shown as 2.
 */
describe('bot: the 填报 list of tables keeps its numbers for the round', () => {
  let db: Connection
  let h: BotHarness

  beforeEach(async () => {
    db = await openTestDb('bot_form_list')
    // stored out of order on purpose: the list follows one fixed order whatever the round unit holds
    await seedBotWorld(db, ['U1'], ['disclosure', 'project', 'department'])
    h = new BotHarness(db, '2027-07-05T02:00:00Z')
    await h.start()
  })
  afterEach(async () => {
    await h.stop()
    await closeTestDb(db)
  })

  async function boundRoom() {
    const [staff] = h.mocker.createContacts(1)
    const room = h.mocker.createRoom({ topic: '测试县第1局财务群', memberIdList: [h.botUser.id, staff.id] })
    await h.say(staff, '绑定 BINDU1', room)
    return { staff, room }
  }

  it('table 1 submitted: the list still shows it as 1, "2" opens the table that was 2, "1" says it is submitted', async () => {
    const { staff, room } = await boundRoom()
    const list = (await h.say(staff, '填报', room)).join('\n')
    expect(list).toContain(
      '1. 部门整体支出绩效目标执行监控表（未填报）\n2. 项目支出绩效目标执行监控表（未填报）\n3. 绩效自评报告公开网址（未填报）',
    )

    expect((await h.say(staff, '1', room)).join('\n')).toContain('部门预算总额·预算数')
    expect((await h.say(staff, DEPARTMENT, room)).join('\n')).toContain('已全部填写')
    expect((await h.say(staff, '确认', room)).join('\n')).toContain('已提交《部门整体支出绩效目标执行监控表》')
    expect(await submissionModel(db).countDocuments({ unitCode: 'U1', form: 'department', status: 'submitted' })).toBe(
      1,
    )

    const again = (await h.say(staff, '填报', room)).join('\n')
    expect(again).toContain(
      '1. 部门整体支出绩效目标执行监控表（已提交，第 1 版）\n2. 项目支出绩效目标执行监控表（未填报）\n3. 绩效自评报告公开网址（未填报）',
    )
    // the submitted table answers that it is in and how to change it; the choice stays open
    const one = (await h.say(staff, '1', room)).join('\n')
    expect(one).toContain('《部门整体支出绩效目标执行监控表》已提交（第 1 版），无需再填')
    expect(one).toContain('联系财政局退回')
    const two = (await h.say(staff, '2', room)).join('\n')
    expect(two).toContain('《项目支出绩效目标执行监控表》')
    expect(two).toContain('项目 1/1：乡村道路养护')
  })

  it('进度 numbers the tables as 填报 does, and "填报 3" opens table 3', async () => {
    const { staff, room } = await boundRoom()
    const progress = (await h.say(staff, '进度', room)).join('\n')
    expect(progress).toContain(
      '1. 部门整体支出绩效目标执行监控表：未填报\n2. 项目支出绩效目标执行监控表：未填报\n3. 绩效自评报告公开网址：未填报',
    )
    expect(progress).toContain('发送“填报 序号”')
    expect((await h.say(staff, '填报 3', room)).join('\n')).toContain('《绩效自评报告公开网址》')
  })

  it.each([
    ['项目表', '项目 1/1：乡村道路养护'],
    ['项目支出', '项目 1/1：乡村道路养护'],
    ['部门', '部门预算总额·预算数'],
    ['公开网址', '《绩效自评报告公开网址》'],
    ['《部门整体支出绩效目标执行监控表》', '部门预算总额·预算数'],
  ])('a table is chosen by its name or a short name: %s', async (name, opened) => {
    const { staff, room } = await boundRoom()
    await h.say(staff, '填报', room)
    expect((await h.say(staff, name, room)).join('\n')).toContain(opened)
  })

  it('an ambiguous name asks which table, a wrong number says the range; then a number picks', async () => {
    const { staff, room } = await boundRoom()
    await h.say(staff, '填报', room)
    const which = (await h.say(staff, '监控表', room)).join('\n')
    expect(which).toContain('“监控表”可指以下几张表，请回复序号')
    expect(which).toContain('2. 项目支出绩效目标执行监控表')
    expect((await h.say(staff, '5', room)).join('\n')).toContain('没有第 5 张表，请回复 1–3 的序号或表名')
    expect((await h.say(staff, '2', room)).join('\n')).toContain('项目 1/1：乡村道路养护')
  })
})
