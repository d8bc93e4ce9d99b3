import { describe, expect, it } from '@jest/globals'
import { step, type DialogState, type StepResult } from '../../src/engine/index.js'
import {
  describeForm,
  getTemplate,
  validateDraft,
  validateSubmission,
  type FormContext,
} from '../../src/forms/index.js'
import { demoContext, roads } from '../../fixtures/demo-context.js'
import { play } from './fixtures/script.js'

/** Issue 14: the deviation questions of a project's lagging fund lines are asked once, stored per line. */
const project = getTemplate('project@1')
const ctx = (over: Partial<FormContext> = {}): FormContext => demoContext({ projects: [roads], ...over })
const P = 'projects.P1.funds.'
const FIELDS = ['reasons', 'explanation', 'measures', 'likelihood']

// 年度资金总额 15万/35万 (42.86%) and 财政拨款 10万/30万 (33.33%) lag at 1-6月; 其他资金 5万/5万 does not
const FUNDS = '15万 35万\n10万 30万\n5万 5万\n已养护道路60公里，按计划推进'
const SHARED =
  '年度资金总额、财政拨款 执行进度低于序时进度（执行率 42.86%、33.33%，序时进度 50%），请说明（各项相同，如需分别说明请回复“分别填写”）'
// every indicator on track: nothing else to explain
const INDICATORS = '60 120\n96% 96\n92 92\n20 45'

function payloadOf(results: StepResult[]): Record<string, unknown> {
  const done = results[results.length - 1].effects.find((e) => e.type === 'completed')
  if (!done || done.type !== 'completed') throw new Error('no completed effect')
  const v = validateSubmission(project, ctx(), { answers: done.payload.answers })
  expect(v.ok ? [] : v.errors).toEqual([])
  return done.payload.answers
}

const devOf = (a: Record<string, unknown>, line: string): unknown[] => FIELDS.map((f) => a[`${P}${line}.dev.${f}`])

describe('shared deviation block for lagging fund lines', () => {
  it('asks two lagging lines once and stores the answers to both', () => {
    const { results } = play(project, ctx(), [
      { say: '<start>' },
      // the parts counted are the base parts (funds, indicators): the shared block needs more explaining
      {
        say: FUNDS,
        expect: ['资金执行情况·偏差说明（需补充说明）', SHARED, '请回复以下 4 项'],
        not: ['年度资金总额·偏差说明'],
      },
      {
        say: '1、3；资金到位较晚；加快施工进度；有可能',
        expect: ['已记录 4 项', '绩效指标完成情况（第 2/2 部分）'],
        not: ['偏差说明'],
        // nothing chat-only is stored: the shared paths never reach the answers (nor a parked draft)
        state: (s) => expect(Object.keys(s.answers).filter((k) => k.startsWith(`${P}dev.`))).toEqual([]),
      },
      {
        say: INDICATORS,
        expect: [
          '已全部填写',
          '年度资金总额·偏差原因说明：资金到位较晚',
          '财政拨款·偏差原因说明：资金到位较晚',
          '共 2 处偏差',
        ],
      },
      { say: '确认', expect: ['已提交'] },
    ])
    const a = payloadOf(results)
    expect(devOf(a, 'total')).toEqual([['经费保障', '人员保障'], '资金到位较晚', '加快施工进度', '有可能'])
    expect(devOf(a, 'fiscal')).toEqual(devOf(a, 'total'))
    expect(devOf(a, 'other')).toEqual([undefined, undefined, undefined, undefined])
  })

  it('分别填写 asks each lagging line in its own block, and stores different answers', () => {
    const { results } = play(project, ctx(), [
      { say: '<start>' },
      { say: FUNDS, expect: [SHARED] },
      {
        say: '分别填写',
        expect: ['好的，以下各项分别说明', '年度资金总额·偏差说明', '执行率 42.86%'],
        not: ['财政拨款·偏差说明', '已记录'],
      },
      {
        say: '1；资金到位较晚；加快施工进度；有可能',
        expect: ['财政拨款·偏差说明', '执行率 33.33%'],
        not: ['分别填写'],
      },
      { say: '2；配套制度尚未出台；尽快出台管理办法；确定能', expect: ['绩效指标完成情况'] },
      { say: INDICATORS, expect: ['已全部填写'] },
      { say: '确认' },
    ])
    const a = payloadOf(results)
    expect(devOf(a, 'total')).toEqual([['经费保障'], '资金到位较晚', '加快施工进度', '有可能'])
    expect(devOf(a, 'fiscal')).toEqual([['制度保障'], '配套制度尚未出台', '尽快出台管理办法', '确定能'])
  })

  it('one lagging line keeps its own block, as before', () => {
    // 财政拨款 12.5万/30万 (41.67%) lags; 年度资金总额 17.5万/35万 is exactly at time progress
    play(project, ctx(), [
      { say: '<start>' },
      {
        say: '17.5万 35万\n12.5万 30万\n5万 5万\n已养护道路60公里，按计划推进',
        expect: ['财政拨款·偏差说明', '财政拨款执行进度低于序时进度，请说明原因和纠偏措施。', '执行率 41.67%'],
        not: ['分别填写', '资金执行情况·偏差说明'],
      },
      { say: '1；资金到位较晚；加快施工进度；有可能', expect: ['绩效指标完成情况'] },
    ])
  })

  it('修改 N after the summary changes only that line', () => {
    const { results } = play(project, ctx(), [
      { say: '<start>' },
      { say: FUNDS },
      { say: '1、3；资金到位较晚；加快施工进度；有可能' },
      { say: INDICATORS, expect: ['24. 财政拨款·偏差原因说明：资金到位较晚'] },
      { say: '修改 24', expect: ['原填：资金到位较晚', '请填写：偏差原因说明'], not: ['分别填写', '年度资金总额、'] },
      {
        say: '财政拨款指标下达更晚',
        expect: [
          '已全部填写',
          '20. 年度资金总额·偏差原因说明：资金到位较晚',
          '24. 财政拨款·偏差原因说明：财政拨款指标下达更晚',
        ],
      },
      { say: '确认' },
    ])
    const a = payloadOf(results)
    expect(a[`${P}total.dev.explanation`]).toBe('资金到位较晚')
    expect(a[`${P}fiscal.dev.explanation`]).toBe('财政拨款指标下达更晚')
    expect(a[`${P}fiscal.dev.measures`]).toBe('加快施工进度')
  })

  it('a line that stops lagging keeps no deviation questions', () => {
    const { results } = play(project, ctx(), [
      { say: '<start>' },
      { say: FUNDS },
      { say: '1、3；资金到位较晚；加快施工进度；有可能' },
      { say: INDICATORS, expect: ['共 2 处偏差'] },
      { say: '修改 1' },
      // the three executed figures must add up, so all three are asked again: none lags any more
      { say: '20万', expect: ['请回复以下 3 项'] },
      { say: '20万 15万 5万', expect: ['已全部填写', '无偏差'], not: ['偏差原因'] },
      { say: '确认' },
    ])
    const a = payloadOf(results)
    expect(Object.keys(a).filter((k) => k.includes('.dev.'))).toEqual([])
  })

  it('a line that starts lagging after the shared block was answered is asked on its own', () => {
    const { results } = play(project, ctx(), [
      { say: '<start>' },
      { say: FUNDS },
      { say: '1、3；资金到位较晚；加快施工进度；有可能' },
      { say: INDICATORS },
      { say: '修改 5' },
      { say: '2万', expect: ['请回复以下 3 项'] },
      // 其他资金 2万/5万 (40%) now lags too; the other two keep their shared answers
      {
        say: '12万 10万 2万',
        expect: ['其他资金·偏差说明', '其他资金执行进度低于序时进度'],
        not: ['分别填写', '年度资金总额、'],
      },
      { say: '4；设备采购尚未完成；加快采购进度；有可能', expect: ['已全部填写', '共 3 处偏差'] },
      { say: '确认' },
    ])
    const a = payloadOf(results)
    expect(devOf(a, 'fiscal')).toEqual(devOf(a, 'total'))
    expect(devOf(a, 'other')).toEqual([['硬件条件保障'], '设备采购尚未完成', '加快采购进度', '有可能'])
  })

  it('the department table shares the block too', () => {
    // 部门预算总额 200万/500万 (40%) and 项目支出 50万/200万 (25%) lag; 基本支出 150万/300万 does not
    play(getTemplate('department@1'), ctx(), [
      { say: '<start>' },
      {
        say: '200万 500万\n150万 300万\n50万 200万',
        expect: [
          '预算执行情况·偏差说明',
          '部门预算总额、项目支出 执行进度低于序时进度（执行率 40%、25%，序时进度 50%）',
        ],
        not: ['部门预算总额·偏差说明'],
      },
      {
        say: '1；项目资金拨付较慢；加快拨付进度；有可能',
        expect: ['部门绩效指标完成情况'],
        not: ['项目支出·偏差说明'],
      },
    ])
  })

  it('keeps the shared block out of the mini-program description and drafts', () => {
    const d = describeForm(project, ctx())
    expect(d.groups.map((g) => g.id)).not.toContain(`${P}dev`)
    expect(d.groups.filter((g) => g.id.endsWith('.dev')).map((g) => g.id)).toContain(`${P}total.dev`)
    expect(validateDraft(project, ctx(), { [`${P}dev.explanation`]: '资金到位较晚' }).unknown).toEqual([
      `${P}dev.explanation`,
    ])
  })
})

/** Answers whatever is asked (block or single mode) until the form is submitted; counts the clerk's messages. */
function fileAll(mode: 'block' | 'single'): number {
  const c = ctx({ mode })
  const single: [string, string][] = [
    ['年度资金总额·1-6月执行数', '15万'],
    ['年度资金总额·全年预计执行数', '35万'],
    ['财政拨款·1-6月执行数', '10万'],
    ['财政拨款·全年预计执行数', '30万'],
    ['其他资金·1-6月执行数', '5万'],
    ['其他资金·全年预计执行数', '5万'],
    ['年度总体目标完成情况', '已养护道路60公里，按计划推进'],
    ['偏差原因说明', '资金到位较晚'],
    ['偏差原因', '1、3'],
    ['纠偏措施', '加快施工进度'],
    ['完成目标可能性', '有可能'],
    ['公路里程·1-6月', '60'],
    ['公路里程·全年', '120'],
    ['合格率·1-6月', '96%'],
    ['合格率·全年', '96%'],
    ['满意度·1-6月', '92'],
    ['满意度·全年', '92'],
    ['养护成本·1-6月', '20'],
    ['养护成本·全年', '45'],
  ]
  const answer = (reply: string): string => {
    if (reply.includes('已全部填写')) return '确认'
    if (mode === 'block') {
      if (reply.includes('偏差说明')) return '1、3；资金到位较晚；加快施工进度；有可能'
      if (reply.includes('绩效指标完成情况')) return INDICATORS
      return FUNDS
    }
    const asked = /请填写：(.+)$/.exec(reply)?.[1] ?? ''
    const hit = single.find(([label]) => asked.includes(label))
    if (!hit) throw new Error(`unexpected question: ${reply}`)
    return hit[1]
  }
  let state: DialogState | null = null
  let r = step(project, state, { kind: 'start' }, c)
  let sent = 0
  while (!r.state.done) {
    if (sent > 60) throw new Error('no end')
    state = r.state
    r = step(project, state, { kind: 'text', text: answer(r.replies.join('\n')) }, c)
    sent++
  }
  expect(r.effects.some((e) => e.type === 'completed')).toBe(true)
  return sent
}

describe('message count of a full filing with two lagging lines', () => {
  it('block mode: 4 messages from the clerk (5 before: one deviation block per line)', () => {
    expect(fileAll('block')).toBe(4)
  })
  it('single mode: 20 messages from the clerk (24 before)', () => {
    expect(fileAll('single')).toBe(20)
  })
  it('single mode asks the shared questions once, as extra explaining outside the count', () => {
    const c = ctx({ mode: 'single' })
    play(project, c, [
      { say: '<start>' },
      ...['15万', '35万', '10万', '30万', '5万', '5万'].map((say) => ({ say })),
      { say: '已养护道路60公里', expect: ['（需补充说明）', SHARED] },
    ])
  })
})

describe('上一步 to a shared deviation block', () => {
  it('shows the lines’ common answers, keeps them on 继续 and overwrites both lines with a new value', () => {
    const { results } = play(project, ctx(), [
      { say: '<start>' },
      { say: FUNDS },
      { say: '1、3；资金到位较晚；加快施工进度；有可能', expect: ['绩效指标完成情况'] },
      // back from the indicators: the shared block with the common values, not each line's own block
      {
        say: '上一步',
        expect: ['资金执行情况·偏差说明', '年度资金总额、财政拨款', '［现填：资金到位较晚］'],
        not: ['年度资金总额·偏差说明'],
      },
      {
        say: '继续',
        expect: ['绩效指标完成情况'],
        state: (s) => expect(devOf(s.answers, 'fiscal')).toEqual(devOf(s.answers, 'total')),
      },
      { say: '上一步', expect: ['［现填：资金到位较晚］'] },
      { say: '2：上级资金到位较晚', expect: ['绩效指标完成情况'] },
      { say: INDICATORS, expect: ['已全部填写'] },
      { say: '确认' },
    ])
    const a = payloadOf(results)
    expect(a[`${P}total.dev.explanation`]).toBe('上级资金到位较晚')
    expect(a[`${P}fiscal.dev.explanation`]).toBe('上级资金到位较晚')
    expect(devOf(a, 'other')).toEqual([undefined, undefined, undefined, undefined])
  })

  it('after 分别填写, 上一步 shows each line’s own block', () => {
    play(project, ctx(), [
      { say: '<start>' },
      { say: FUNDS },
      { say: '分别填写' },
      { say: '1；资金到位较晚；加快施工进度；有可能' },
      { say: '2；配套制度尚未出台；尽快出台管理办法；确定能', expect: ['绩效指标完成情况'] },
      { say: '上一步', expect: ['财政拨款·偏差说明', '［现填：配套制度尚未出台］'], not: ['年度资金总额、'] },
      { say: '上一步', expect: ['年度资金总额·偏差说明', '［现填：资金到位较晚］'] },
    ])
  })
})
