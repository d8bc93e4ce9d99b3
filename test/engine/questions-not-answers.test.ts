import { describe, expect, it } from '@jest/globals'
import { getTemplate } from '../../src/forms/index.js'
import { text } from '../../src/forms/kinds/text.js'
import { demoContext } from '../../fixtures/demo-context.js'
import { play, type Line } from './fixtures/script.js'
import type { Question } from '../../src/forms/question.js'

/**
 * Issue 14: a reply that asks ("怎么填？", "不知道") is never stored as an answer, and a required
 * explanation needs substance ("无", "111", "。。。" are refused). Rules: src/forms/parse/non-answer.ts.
 */
const explanation: Question = {
  key: 'explanation',
  path: 'x.explanation',
  label: '偏差原因说明',
  kind: 'text',
  required: true,
  minLength: 4,
  example: '上级资金6月底才下达',
}
const actual: Question = {
  key: 'actual',
  path: 'x.actual',
  label: '1-6月完成情况',
  kind: 'text',
  required: true,
  minLength: 2,
  example: '按计划推进',
}
const note: Question = { key: 'note', path: 'x.note', label: '备注', kind: 'text', required: false, minLength: 2 }

describe('text kind: questions and non-answers are refused', () => {
  const asks = [
    '怎么填？',
    '怎么填',
    '怎么填?',
    '这是什么意思',
    '什么意思',
    '啥意思？',
    '不知道',
    '我也不知道啊',
    '不知道。',
    '填什么',
    '这里写什么',
    '不懂',
    '不会填',
    '看不懂',
    '请问这里要写原因吗',
    '资金6月才下达，这算偏差吗？',
    '什么？',
    '不清楚',
  ]
  it.each(asks)('“%s” reads as a question: refused with the item’s example', (s) => {
    const r = text.parse(s, explanation)
    expect(r).toEqual({ ok: false, error: expect.stringContaining('例如：上级资金6月底才下达') })
    expect(r.ok === false && r.error).toContain('请直接写出内容')
  })

  const empty = [
    '无',
    '没有',
    '暂无。',
    '没有原因',
    '无措施',
    '111',
    '1111',
    '。。。',
    '...',
    '啊啊啊啊',
    '——',
    '👍👍',
    'TEST',
  ]
  it.each(empty)(
    '“%s” at a required item is no answer: refused with a hint (minLength first where it is shorter)',
    (s) => {
      expect(text.parse(s, actual)).toEqual({
        ok: false,
        error: expect.stringMatching(s === '无' ? /至少 2 个字/ : /不能作为说明/),
      })
      expect(text.parse(s, explanation)).toEqual({
        ok: false,
        error: expect.stringMatching(/不能作为说明|至少 4 个字/),
      })
    },
  )

  it('minLength counts what is left after cleaning: invisible characters do not count', () => {
    expect(text.parse('\u200b资\u200b金\u200b\u200b', explanation)).toEqual({
      ok: false,
      error: expect.stringContaining('至少 4 个字'),
    })
    expect(text.parse('资金\u200b未到', explanation)).toEqual({ ok: true, value: '资金未到' })
  })

  // decided: a question mark inside an explanation that ends otherwise is part of the answer; help words
  // other than the HELP_PHRASES count only as the whole reply; non-answer words only as the whole reply
  const answers = [
    '上级资金何时下达尚不知道，已多次催办',
    '为何滞后？因上级资金6月底才下达',
    '没有按时开工，7月起追赶进度',
    '无人机巡查已完成12次',
    '资金已按进度拨付',
    '11月完工',
  ]
  it.each(answers)('“%s” is a legitimate answer and is stored', (s) => {
    expect(text.parse(s, explanation)).toEqual({ ok: true, value: s })
  })

  it('an optional note may say 没有 (only required items ask for an explanation)', () => {
    expect(text.parse('没有', note)).toEqual({ ok: true, value: '没有' })
    expect(text.parse('怎么填？', note).ok).toBe(false) // a question is still no answer
  })
})

const GOAL = 'projects.P1.goalProgress'
const EXPL = 'projects.P1.indicators.I1.dev.explanation'

/** The project table's funds block down to its one text item, then a deviation block (choice + texts). */
const conversation: Line[] = [
  { say: '<start>', expect: ['请回复以下 7 项'] },
  // a question at a block of figures: the items are explained and asked again
  {
    say: '怎么填？',
    expect: ['这里需要直接填写内容', '1. 年度资金总额·1-6月执行数：', '请回复以下 7 项'],
    not: ['已记录'],
    state: (s) => expect(s.answers).toEqual({}),
  },
  { say: '20万 35万\n15万 30万\n5万 5万', expect: ['已记录 6 项', '请填写：年度总体目标完成情况'] },
  ...['怎么填？', '不知道', '这是什么意思', '填什么'].map((say): Line => ({
    say,
    expect: ['这里需要直接填写内容', '例如“已完成道路养护12公里，按计划推进”', '请填写：年度总体目标完成情况'],
    not: ['已记录'],
    state: (s) => expect(s.answers[GOAL]).toBeUndefined(),
  })),
  ...['没有原因', '1111', '。。。。', '啊啊啊啊', '无'].map((say): Line => ({
    say,
    expect: [
      say === '无' ? '至少 4 个字' : '不能作为说明',
      '例如：已完成道路养护12公里，按计划推进',
      '请填写：年度总体目标完成情况',
    ],
    state: (s) => expect(s.answers[GOAL]).toBeUndefined(),
  })),
  {
    say: '已养护道路60公里，按计划推进',
    expect: ['已记录 1 项', '绩效指标完成情况'],
    state: (s) => expect(s.answers[GOAL]).toBe('已养护道路60公里，按计划推进'),
  },
  { say: '50 120\n96% 96\n85 92\n30 55', expect: ['养护农村公路里程·偏差说明'] },
  // a question in one text item of a block reply: the rest is stored, that item is explained and asked again
  {
    say: '1；怎么写？；加快施工进度；有可能',
    expect: ['已记录 3 项', '偏差原因说明：这里请直接写出内容，例如：上级资金6月底才下达', '请填写：偏差原因说明'],
    state: (s) => {
      expect(s.answers[EXPL]).toBeUndefined()
      expect(s.answers['projects.P1.indicators.I1.dev.measures']).toBe('加快施工进度')
    },
  },
  {
    say: '为何滞后？因资金到位较晚',
    expect: ['已记录 1 项', '群众满意度·偏差说明'],
    state: (s) => expect(s.answers[EXPL]).toBe('为何滞后？因资金到位较晚'),
  },
]

describe('engine: a question is never taken as an answer', () => {
  it('explains the item with its example and asks again; stores real answers', () => {
    play(getTemplate('project@1'), demoContext(), conversation)
  })

  it('in single mode too', () => {
    const lines: Line[] = [
      { say: '<start>', expect: ['请填写：年度资金总额·1-6月执行数'] },
      {
        say: '不懂',
        expect: ['这里需要直接填写内容', '1. 年度资金总额·1-6月执行数：金额', '请填写：年度资金总额·1-6月执行数'],
        state: (s) => expect(s.answers).toEqual({}),
      },
    ]
    play(getTemplate('project@1'), demoContext({ mode: 'single' }), lines)
  })
})
