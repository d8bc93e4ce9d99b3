import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Connection } from 'mongoose'
import { submissionModel } from '../../src/db/models/submission.js'
import { unitModel } from '../../src/db/models/unit.js'
import { BotHarness } from '../support/bot-harness.js'
import { FUNDS, ON_TRACK, seedBotWorld } from '../support/bot-fixtures.js'
import { closeTestDb, openTestDb } from '../support/db.js'

describe('bot: the department table is checked against the project table the unit submitted', () => {
  let db: Connection
  let h: BotHarness
  let roundId: string
  beforeAll(async () => {
    db = await openTestDb('bot_cross_table')
    // U1 files both tables this round; its department budget: 100万 = 60万 basic + 40万 project
    roundId = await seedBotWorld(db, ['U1'], ['project', 'department'])
    await unitModel(db).updateOne(
      { code: 'U1' },
      {
        $set: {
          budget: { total: { initial: 100_000_000 }, basic: { initial: 60_000_000 }, project: { initial: 40_000_000 } },
        },
      },
    )
    h = new BotHarness(db, '2027-07-05T02:00:00Z')
    await h.start()
  })
  afterAll(async () => {
    await h.stop()
    await closeTestDb(db)
  })

  it('submits the project table, then meets a warning on the department 项目支出 figure, confirms it and submits', async () => {
    const {
      staff: [clerk],
      room,
    } = await h.groupBound('U1', '测试县第1局财务群')
    expect((await h.say(clerk, '填报', room)).join('\n')).toContain('部门整体支出绩效目标执行监控表')
    expect((await h.say(clerk, '项目支出绩效', room)).join('\n')).toContain('项目 1/1：乡村道路养护')
    // the project table: 年度资金总额 20万 executed, 35万 expected for the year
    await h.say(clerk, FUNDS, room)
    await h.say(clerk, ON_TRACK, room)
    expect((await h.say(clerk, '提交', room)).join('\n')).toContain('已提交《项目支出绩效目标执行监控表》（第 1 版）')

    // the department table is the one left: 项目支出 25万 executed (the project table says 20万), 35万 expected (equal)
    expect((await h.say(clerk, '填报', room)).join('\n')).toContain('预算执行情况')
    const warned = (await h.say(clerk, '60万 95万\n35万 60万\n25万 35万', room)).join('\n')
    expect(warned).toContain(
      '项目支出·1-6月执行数 25万元，与已提交的项目表合计 20万元不一致（相差 5万元）。确认无误请回复“是”，有误请回复“否”重填。',
    )
    expect(warned).not.toContain('全年预计执行数 35万元，与')
    // 是 keeps the figure: the summary, and the submission is not blocked
    const summary = (await h.say(clerk, '是', room)).join('\n')
    expect(summary).toContain('已全部填写')
    expect(summary).not.toContain('不一致')
    expect((await h.say(clerk, '提交', room)).join('\n')).toContain(
      '已提交《部门整体支出绩效目标执行监控表》（第 1 版）',
    )
    const dept = await submissionModel(db).findOne({ roundId, unitCode: 'U1', form: 'department' }).lean()
    expect(dept).toMatchObject({ status: 'submitted', version: 1 })
    expect(dept?.answers['funds.project.executed']).toBe(25_000_000)
  })
})
