import { describe, it, expect } from '@jest/globals'
import { submissionModel } from '../../src/db/models/submission.js'
import { useBotWorld } from '../support/bot-world.js'

describe('bot: a member fills the project table in the unit group', () => {
  const world = useBotWorld('bot_unit', ['U1'])

  it('binds the group, walks the form from 填报 to 提交, and stores the exact values', async () => {
    const { h, db, roundId } = world
    const [staff, chatter] = h.mocker.createContacts(2)
    const room = h.mocker.createRoom({ topic: '测试县第1局财务群', memberIdList: [h.botUser.id, staff.id, chatter.id] })

    expect(await h.say(staff, '填报', room)).toEqual([]) // unbound room: ignored
    expect((await h.say(staff, '绑定 BINDU1', room)).join()).toContain('本群已绑定「测试县第1局」')

    expect(await h.say(chatter, '今天中午吃什么', room)).toEqual([]) // chatter is not addressed to the bot

    const first = (await h.say(staff, '填报', room)).join('\n')
    expect(first).toContain('项目 1/1：乡村道路养护')
    expect(first).toContain('请回复以下 7 项')
    // a reply in a group @mentions the person it answers (wechaty writes "@name\u2005" before the text)
    expect(h.sent[h.sent.length - 1].text.startsWith(`@${staff.payload.name}`)).toBe(true)

    const wrong = (await h.say(staff, '不知道', room)).join('\n')
    expect(wrong).toMatch(/金额|请/)

    // a block answered in one reply
    const block = (await h.say(staff, '20万 35万\n15万 30万\n5万 5万\n已养护道路60公里，按计划推进', room)).join('\n')
    expect(block).toContain('绩效指标')
    // 上一步 goes back to the funds block
    expect((await h.say(staff, '上一步', room)).join('\n')).toContain('已返回上一步')
    await h.say(staff, '20万 35万\n15万 30万\n5万 5万\n已养护道路60公里，按计划推进', room)
    // the cumulative indicator is behind time progress → asks for the deviation; satisfaction 95% on track
    const flagged = (await h.say(staff, '50 120\n95 95', room)).join('\n')
    expect(flagged).toContain('养护农村公路里程·偏差说明')
    expect(flagged).not.toContain('群众满意度·偏差')
    const summary = (await h.say(staff, '1；资金到位较晚；加快施工进度；有可能', room)).join('\n')
    expect(summary).toContain('已全部填写')
    const done = (await h.say(staff, '提交', room)).join('\n')
    expect(done).toContain('已提交《项目支出绩效目标执行监控表》（第 1 版）')

    const s = await submissionModel(db).findOne({ roundId, unitCode: 'U1', form: 'project' }).lean()
    expect(s).toMatchObject({ status: 'submitted', version: 1, channel: 'wechat', onTime: true })
    expect(s?.answers['projects.P1.funds.total.executed']).toBe(20_000_000)
    expect(s?.answers['projects.P1.funds.fiscal.executed']).toBe(15_000_000)
    expect(s?.answers['projects.P1.indicators.I1.actual']).toBe(50)
    expect(s?.answers['projects.P1.indicators.I1.dev.reasons']).toEqual(['经费保障'])
    expect(s?.answers['projects.P1.indicators.I2.dev.reasons']).toBeUndefined()

    const progress = (await h.say(staff, '进度', room)).join('\n')
    expect(progress).toContain('已提交（第 1 版）')
  })
})
