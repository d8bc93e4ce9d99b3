import { describe, expect, it } from '@jest/globals'
import { getTemplate, validateSubmission } from '../../src/forms/index.js'
import { demoContext } from '../../fixtures/demo-context.js'
import { play, type Line } from './fixtures/script.js'
import type { StepResult } from '../../src/engine/index.js'

function payloadOf(results: StepResult[]): Record<string, unknown> {
  const e = results[results.length - 1].effects.find((x) => x.type === 'completed')
  if (!e || e.type !== 'completed') throw new Error('not completed')
  return e.payload.answers
}

describe('department table conversation', () => {
  const lines: Line[] = [
    {
      say: '<start>',
      expect: ['部门整体支出绩效目标执行监控表', '部门预算总额 500万元', '请回复以下 6 项'],
      not: ['预算总额预算'],
    },
    // a figure that is not an amount: a hint, the rest is kept
    {
      say: '260万 500万\n160万 三百万\n100万 abc',
      expect: ['已记录 5 项', '请更正', '请输入金额', '请填写：项目支出·全年预计执行数'],
    },
    { say: '200万', expect: ['部门绩效指标完成情况', '预算执行率：目标 ≥90%'] },
    // level 预算执行率 45 % < 90 % is flagged; the cumulative count at time progress is not
    {
      say: '45 92\n6 12',
      expect: [
        '预算执行率·偏差说明',
        '指标“预算执行率”存在偏差，请说明原因和纠偏措施。\n偏差情况：当前 45%，未达到目标 ≥90%',
      ],
    },
    { say: '1；上半年支付进度慢；加快支付进度；有可能', expect: ['已全部填写', '共 1 处偏差'] },
    { say: '提交', state: (s) => expect(s.outcome).toBe('completed') },
  ]
  it('completes with a valid payload', () => {
    const ctx = demoContext()
    const { results } = play(getTemplate('department@1'), ctx, lines)
    expect(validateSubmission(getTemplate('department'), ctx, { answers: payloadOf(results) })).toMatchObject({
      ok: true,
    })
  })
})

describe('county-detail conversation', () => {
  const P = 'projects.P1.funds.county.'
  const lines: Line[] = [
    {
      say: '<start>',
      expect: ['县级安排项目支出明细监控表', '项目 1/1：乡村道路养护', '县级安排资金预算 10万元', '（上期 2万元）'],
    },
    // cumulative paid fell below last round: confirm
    { say: '1万 8万', expect: ['低于上期的 2万元', '确认无误请回复“是”'] },
    {
      say: '是',
      expect: ['已记录 1 项', '执行缓慢原因及措施', '执行率 10%，低于序时进度 50%'],
      state: (s) => expect(s.confirmed).toEqual([`${P}paid`]),
    },
    { say: '项目6月才开工，7月起按进度拨付', expect: ['已全部填写'] },
    // correct the paid amount: a jump above 3× last round asks again; then 已下达 < 已支付 is refused
    { say: '修改 1', expect: ['原填：1万元'] },
    { say: '12万', expect: ['是上期 2万元 的 6 倍'] },
    { say: '是', expect: ['已下达数不能小于', '请填写：县级安排资金·1-6月已下达数'] },
    // executed above the budget: a reason is required
    { say: '12万', expect: ['执行数超过预算', '超预算原因'] },
    { say: '跳过', expect: ['必填项，不能跳过'] },
    { say: '7月追加预算2万元，尚未调整', expect: ['已全部填写'], not: ['执行缓慢原因'] },
    { say: '确认', state: (s) => expect(s.done).toBe(true) },
  ]
  it('completes with a valid payload, the slow reason dropped once no longer slow', () => {
    const ctx = demoContext({ previous: { [`${P}paid`]: 2_000_000 } })
    const { results } = play(getTemplate('county-detail'), ctx, lines)
    const answers = payloadOf(results)
    expect(answers[`${P}dev.slowReason`]).toBeUndefined()
    expect(answers[`${P}overBudgetReason`]).toBe('7月追加预算2万元，尚未调整')
    expect(validateSubmission(getTemplate('county-detail'), ctx, { answers })).toMatchObject({ ok: true })
  })
})

describe('disclosure conversation', () => {
  const lines: Line[] = [
    { say: '<start>', expect: ['绩效自评报告公开网址', '请回复以下 3 项'] },
    { say: 'ftp://wuding.gov.cn', expect: ['只接受 http 或 https'] },
    { say: '网址', expect: ['请输入以 http'] },
    { say: '还没公开', expect: ['多次未能识别', '帮助', '取消'] }, // ("不知道" asks for help since issue 14)
    { say: 'https://www.wuding.gov.cn/zwgk/jxzp.html', expect: ['已记录 1 项', '可回复“跳过”'] },
    // both optional questions skipped at once
    { say: '跳过', expect: ['已全部填写', '（跳过）'] },
    { say: '确认', state: (s) => expect(s.done).toBe(true) },
  ]
  it('completes with the URL normalised and the optional fields null', () => {
    const ctx = demoContext()
    const { results } = play(getTemplate('disclosure@1'), ctx, lines)
    const answers = payloadOf(results)
    expect(answers).toEqual({ departmentUrl: 'https://www.wuding.gov.cn/zwgk/jxzp.html', projectUrl: null, note: null })
    expect(validateSubmission(getTemplate('disclosure'), ctx, { answers })).toMatchObject({ ok: true })
  })
})

describe('disclosure conversation: invisible characters are no answer', () => {
  const lines: Line[] = [
    { say: '<start>', expect: ['绩效自评报告公开网址'] },
    { say: 'https://www.wuding.gov.cn/zwgk/jxzp.html', expect: ['已记录 1 项'] },
    { say: 'https://www.wuding.gov.cn/zwgk/xmzp.html', expect: ['已记录'] },
    // two zero-width spaces for a note of at least 2 characters (issue 21, finding 4)
    { say: '\u200b\u200b', expect: ['至少 2 个字'] },
    { say: '与主管\u0001部门\u202e合并公开\u200b', expect: ['已全部填写'] },
    { say: '确认', state: (s) => expect(s.done).toBe(true) },
  ]
  it('refuses "\\u200b\\u200b" for a two-character note and stores a note cleaned', () => {
    const ctx = demoContext()
    const { results, transcript } = play(getTemplate('disclosure@1'), ctx, lines)
    expect(transcript).toContain('至少 2 个字')
    expect(payloadOf(results).note).toBe('与主管部门合并公开')
  })
})
