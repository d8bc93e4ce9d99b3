import { describe, expect, it } from '@jest/globals'
import { roundModel } from '../../src/db/models/round.js'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { useBotWorld } from '../support/bot-world.js'

describe('bot: 已录入 — the unit reports the platform entry, the bureau marks it', () => {
  const world = useBotWorld('bot_platform_entry', ['U1', 'U2', 'U3'])
  const entryOf = async (unitCode: string) =>
    (await roundUnitModel(world.db).findOne({ roundId: world.roundId, unitCode }).lean())?.platformEntry

  it('a unit says 已录入: refused with what is missing before its forms are in, recorded with who after', async () => {
    const { h } = world
    const { staff, room } = await h.groupBound('U1', '测试县第1局财务群')
    const early = (await h.say(staff[0], '已录入', room)).join('\n')
    expect(early).toContain('还有以下监控表未提交：项目支出绩效目标执行监控表')
    expect(early).toContain('填报')
    expect(await entryOf('U1')).toBeUndefined()

    const filed = await h.groupSubmitted('U1', '测试县第1局财务二群')
    const reporter = filed.staff[0]
    const done = (await h.say(reporter, '已录入。', filed.room)).join('\n')
    expect(done).toContain('已登记')
    expect(done).toContain(`登记人：${reporter.payload.name}`)
    const entry = await entryOf('U1')
    expect(entry).toMatchObject({ source: 'chat', by: reporter.payload.name })

    // again: the first entry stands, the bot says so briefly
    const again = (await h.say(reporter, '已录入', filed.room)).join('\n')
    expect(again).toContain('无需重复登记')
    expect((await entryOf('U1'))?.at).toEqual(entry?.at)
    // the unit's 进度 shows it
    expect((await h.say(reporter, '进度', filed.room)).join('\n')).toContain(
      `平台录入：已录入（${reporter.payload.name}`,
    )
  })

  it('the bureau marks a unit in its group (by name or code); 进度 counts 已录入 and lists 已提交未录入 when required', async () => {
    const { h, db, roundId } = world
    const [officer] = h.mocker.createContacts(1)
    const bureau = h.mocker.createRoom({ topic: '财政局绩效股', memberIdList: [h.botUser.id, officer.id] })
    await h.say(officer, '绑定 BUREAU2027', bureau)

    expect((await h.say(officer, '已录入', bureau)).join()).toContain('请发送“已录入 单位代码或名称”')
    const marked = (await h.say(officer, '已录入 测试县第2局', bureau)).join()
    expect(marked).toContain('已登记「测试县第2局」平台已录入')
    expect(marked).toContain('还有 1 张监控表未提交')
    expect(await entryOf('U2')).toMatchObject({ source: 'bureau', by: officer.payload.name })
    expect((await h.say(officer, '已录入 U2', bureau)).join()).toContain('未作改动')

    const off = (await h.say(officer, '进度', bureau)).join('\n')
    expect(off).toMatch(/平台已录入 [12]/)
    expect(off).not.toContain('已提交未录入')

    // the round requires the entry: a unit with its forms in but not entered is listed apart
    await roundModel(db).updateOne({ _id: roundId }, { $set: { requirePlatformEntry: true } })
    const u3 = await h.groupSubmitted('U3', '测试县第3局财务群')
    const on = (await h.say(officer, '进度', bureau)).join('\n')
    expect(on).toContain('本轮要求平台录入')
    expect(on).toMatch(/已提交未录入：[^\n]*测试县第3局/)
    expect((await h.say(u3.staff[0], '进度', u3.room)).join('\n')).toContain('平台录入：未登记')
    // 催报 for such a unit asks for the entry
    const before = h.sent.length
    expect((await h.say(officer, '催报 U3', bureau)).join()).toContain('发送平台录入催报')
    const chased = h.sent.slice(before).find((s) => s.text.includes('【催报】'))
    expect(chased?.text).toContain('尚未在预算管理一体化平台完成录入')
    expect(chased?.text).toContain('回复“已录入”')
  })
})
