import { describe, expect, it } from '@jest/globals'
import { getTemplate, validateSubmission } from '../../src/forms/index.js'
import { demoContext } from '../../fixtures/demo-context.js'
import { play, type Line } from './fixtures/script.js'

const P1 = 'projects.P1.'
const P2 = 'projects.P2.'

/** The demo project table, from the greeting to 提交, with every feature of issue 3 on the way. */
const conversation: Line[] = [
  { say: '<start>', expect: ['项目 1/2：乡村道路养护', '序时进度 50%', '年度资金总额预算 35万元', '请回复以下 7 项'] },
  // a block answered in part: one message asks for the rest
  { say: '20万 35万', expect: ['已记录 2 项', '请回复以下 5 项'], not: ['年度资金总额·1-6月执行数'] },
  {
    say: '15万 30万\n5万 5万\n已养护道路60公里，按计划推进',
    expect: ['已记录 5 项', '绩效指标完成情况', '养护成本：目标 ≤50万元', '请回复以下 8 项'],
  },
  // 跳过 on a required question is refused with the reason
  { say: '跳过', expect: ['是必填项，不能跳过'] },
  // a whole block in one reply: cumulative behind time progress, level missed, cap exceeded; 合格率 on track
  {
    say: '50 120\n96% 96\n85 92\n30 55',
    expect: ['已记录 8 项', '养护农村公路里程·偏差说明', '低于序时进度'],
    state: (s) => expect(s.answers[`${P1}indicators.I2.actual`]).toBe(96),
  },
  { say: '1、3；资金到位较晚；加快施工进度；有可能', expect: ['群众满意度·偏差说明'], not: ['道路养护合格率·偏差'] },
  // 上一步 goes back to the previous block, shows its answers and keeps them until overwritten
  {
    say: '上一步',
    expect: ['已返回上一步', '养护农村公路里程·偏差说明', '［现填：经费保障、人员保障］'],
    state: (s) => expect(s.answers[`${P1}indicators.I1.dev.reasons`]).toEqual(['经费保障', '人员保障']),
  },
  { say: '1；资金到位较晚；加快施工进度；有可能', expect: ['群众满意度·偏差说明'] },
  { say: '2；群众对养护频次有意见；增加巡查频次；确定能', expect: ['养护成本·偏差说明'] },
  { say: '1；材料价格上涨较多；优化采购方式；有可能', expect: ['项目 2/2：农村危房改造', '年度资金总额预算 200万元'] },
  // a bare number far below the budget: 元 or 万元?
  { say: '80 200万', expect: ['是 80 元还是 80 万元？'] },
  {
    say: '2',
    expect: ['已记录 2 项', '请回复以下 5 项'],
    state: (s) => expect(s.answers[`${P2}funds.total.executed`]).toBe(80_000_000),
  },
  // both lines lag: one block of deviation questions for the two (issue 14), stored to each line
  {
    say: '70万 180万\n10万 20万\n已完成改造400户',
    expect: [
      '资金执行情况·偏差说明',
      '年度资金总额、财政拨款 执行进度低于序时进度（执行率 40%、38.89%，序时进度 50%）',
    ],
  },
  {
    say: '1；上级资金未及时下达；督促资金拨付；有可能',
    expect: ['绩效指标完成情况'],
    not: ['其他资金·偏差', '财政拨款·偏差说明'],
  },
  // milestone expected late, qualitative not on track; cumulative and satisfaction on track
  { say: '700 1200\n未完成 2027-11-30\n按计划推进\n否\n95 95', expect: ['项目完成时间·偏差说明'] },
  { say: '4；施工队伍不足；增加施工力量；有可能', expect: ['群众居住条件·偏差说明'] },
  {
    say: '2；群众参与不足；加强宣传动员；有可能',
    expect: ['已全部填写', '确认无误请回复“确认”', '执行率 57.14%', '执行率 40%，低于序时进度 50%', '共 7 处偏差'],
  },
  // 修改 N from the summary, then back to the summary
  { say: '修改 1', expect: ['修改第 1 项（原填：20万元）', '年度资金总额·1-6月执行数'] },
  // the cross-field check: 财政拨款 + 其他资金 must equal the total, so the three are asked again
  { say: '22万', expect: ['财政拨款 + 其他资金 应等于 年度资金总额（15万元 + 5万元 ≠ 22万元）', '请回复以下 3 项'] },
  { say: '22万 17万 5万', expect: ['已全部填写', '1. 年度资金总额·1-6月执行数：22万元'] },
  {
    say: '提交',
    state: (s, r) => {
      expect(s.done).toBe(true)
      expect(r.effects.map((e) => e.type)).toContain('completed')
    },
  },
]

describe('project table conversation', () => {
  it('runs from greeting to a completed, schema-valid payload', () => {
    const ctx = demoContext()
    const { results } = play(getTemplate('project@1'), ctx, conversation)
    const last = results[results.length - 1]
    const done = last.effects.find((e) => e.type === 'completed')
    if (!done || done.type !== 'completed') throw new Error('no completed effect')
    expect(done.payload.computed.flagged.sort()).toEqual(
      [
        `${P1}indicators.I1`,
        `${P1}indicators.I3`,
        `${P1}indicators.I4`,
        `${P2}funds.fiscal`,
        `${P2}funds.total`,
        `${P2}indicators.I2`,
        `${P2}indicators.I3`,
      ].sort(),
    )
    expect(done.payload.answers[`${P1}funds.total.executed`]).toBe(22_000_000)
    const v = validateSubmission(getTemplate('project'), ctx, { answers: done.payload.answers })
    expect(v.ok ? [] : v.errors).toEqual([])
    // far fewer messages than fields: 19 bot messages for 2 projects and 72 answers
    expect(results.length).toBe(conversation.length)
  })
})
