import { describe, expect, it } from '@jest/globals'
import { step, type DialogState } from '../../src/engine/index.js'
import { getTemplate, validateSubmission } from '../../src/forms/index.js'
import { demoContext } from '../../fixtures/demo-context.js'
import { play, type Line } from './fixtures/script.js'

const department = getTemplate('department@1')
const EXECUTED = 'funds.project.executed'
// the unit's submitted project table: 100万 executed, 200万 expected for the year
const sums = { projectExecutedFen: 100_000_000, projectExpectedFen: 200_000_000, source: '项目表第 1 版' }
// total 280万 = 160万 + 120万 executed, 500万 = 300万 + 200万 expected; no line behind time progress
const FUNDS = '280万 500万\n160万 300万\n120万 200万'
const WARNING =
  '项目支出·1-6月执行数 120万元，与已提交的项目表合计 100万元不一致（相差 20万元）。确认无误请回复“是”，有误请回复“否”重填。'

const rest: Line[] = [
  { say: '45 92\n6 12', expect: ['预算执行率·偏差说明'] },
  { say: '1；上半年支付进度慢；加快支付进度；有可能', expect: ['已全部填写'], not: ['提示：'] },
  { say: '提交', state: (s) => expect(s.outcome).toBe('completed') },
]

describe('cross-table check in the department table dialog', () => {
  it('asks once the funds block is complete; 否 clears the figure and asks it again, 是 keeps it', () => {
    const ctx = demoContext({ crossCheck: sums })
    const { results } = play(department, ctx, [
      { say: '<start>' },
      { say: FUNDS, expect: ['已记录 6 项', WARNING], not: ['部门绩效指标完成情况'] },
      {
        say: '否',
        expect: ['请重新填写', '项目支出·1-6月执行数'],
        state: (s) => expect(s.answers[EXECUTED]).toBeUndefined(),
      },
      // the same figure again: the same question (nothing was confirmed)
      { say: '120万', expect: [WARNING] },
      {
        say: '是',
        expect: ['部门绩效指标完成情况'],
        not: ['不一致'],
        state: (s) => {
          expect(s.answers[EXECUTED]).toBe(120_000_000)
          expect(s.crossConfirmed).toEqual([`${EXECUTED}=120000000/100000000`])
          expect(s.confirmed).toEqual([]) // not mixed with last round's confirmations
        },
      },
      ...rest,
    ])
    const done = results[results.length - 1].effects.find((e) => e.type === 'completed')
    if (done?.type !== 'completed') throw new Error('not completed')
    expect(done.payload.answers[EXECUTED]).toBe(120_000_000) // never blocked
    expect(validateSubmission(department, ctx, { answers: done.payload.answers })).toMatchObject({ ok: true })
  })

  it('asks about each differing column in turn (executed, then expected)', () => {
    play(department, demoContext({ crossCheck: { ...sums, projectExpectedFen: 190_000_000 } }), [
      { say: '<start>' },
      { say: FUNDS, expect: [WARNING] },
      { say: '是', expect: ['项目支出·全年预计执行数 200万元，与已提交的项目表合计 190万元不一致（相差 10万元）'] },
      { say: '是', expect: ['部门绩效指标完成情况'] },
      ...rest,
    ])
  })

  it('equal figures, or no project table submitted (no crossCheck): no question', () => {
    for (const ctx of [demoContext({ crossCheck: { ...sums, projectExecutedFen: 120_000_000 } }), demoContext()]) {
      play(department, ctx, [
        { say: '<start>' },
        { say: FUNDS, expect: ['部门绩效指标完成情况'], not: ['不一致'] },
        ...rest,
      ])
    }
  })

  it('a confirmed difference is asked again when the figure changes (修改)', () => {
    play(department, demoContext({ crossCheck: sums }), [
      { say: '<start>' },
      { say: FUNDS, expect: [WARNING] },
      { say: '是', expect: ['部门绩效指标完成情况'] },
      { say: '修改 项目支出·1-6月执行数', expect: ['原填：120万元'] },
      // one figure changed breaks the block's sum: the three executed figures are asked again
      { say: '130万', expect: ['应等于 部门预算总额'] },
      {
        say: '290万\n160万\n130万',
        expect: ['项目支出·1-6月执行数 130万元，与已提交的项目表合计 100万元不一致（相差 30万元）'],
      },
      { say: '是', expect: ['部门绩效指标完成情况'], state: (s) => expect(s.crossConfirmed).toHaveLength(2) },
    ])
  })

  it('a reply of several figures is not taken as a correction; a command moves on and the difference waits in the summary', () => {
    play(department, demoContext({ crossCheck: sums }), [
      { say: '<start>' },
      { say: FUNDS, expect: [WARNING] },
      {
        say: '45 92\n6 12',
        expect: ['请先回复“是”或“否”', WARNING],
        state: (s) => expect(s.answers[EXECUTED]).toBe(120_000_000),
      },
      { say: '查看', expect: ['5. 项目支出·1-6月执行数：120万元', '部门绩效指标完成情况'], not: ['请回复以下 0 项'] },
      { say: '45 92\n6 12', expect: ['预算执行率·偏差说明'] },
      { say: '1；上半年支付进度慢；加快支付进度；有可能', expect: ['已全部填写', `提示：${WARNING.split('确认')[0]}`] },
      { say: '确认', state: (s) => expect(s.outcome).toBe('completed') },
    ])
  })

  it('a complete table loaded with a difference (a returned version) shows it before 提交, without blocking', () => {
    const ctx = demoContext({ crossCheck: sums })
    const first = step(department, null, { kind: 'start' }, ctx)
    const answers: Record<string, unknown> = {
      'funds.total.executed': 280_000_000,
      'funds.total.expected': 500_000_000,
      'funds.basic.executed': 160_000_000,
      'funds.basic.expected': 300_000_000,
      [EXECUTED]: 120_000_000,
      'funds.project.expected': 200_000_000,
      'indicators.D1.actual': 92,
      'indicators.D1.expected': 92,
      'indicators.D2.actual': 6,
      'indicators.D2.expected': 12,
    }
    const loaded = step(department, { ...first.state, answers } as DialogState, { kind: 'resume' }, ctx)
    expect(loaded.replies.join('\n')).toContain(`提示：${WARNING.split('确认')[0]}`)
    const sent = step(department, loaded.state, { kind: 'text', text: '确认' }, ctx)
    expect(sent.state.outcome).toBe('completed')
  })
})
