import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { step, type DialogState } from '../../src/engine/index.js'
import { getTemplate, templates, validateSubmission } from '../../src/forms/index.js'
import { kinds } from '../../src/forms/kinds/index.js'
import { demoContext } from '../../fixtures/demo-context.js'
import type { Question } from '../../src/forms/question.js'

/** The engine must never edit the state it was given (the host may still hold it). */
function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v)
    for (const x of Object.values(v)) deepFreeze(x)
  }
  return v
}

const REPLIES = [
  '20万 35万',
  '15万 30万\n5万 5万\n已按计划推进',
  '80',
  '1',
  '2',
  '是',
  '否',
  '上一步',
  '跳过',
  '取消',
  '查看',
  '帮助',
  '提交',
  '确认',
  '修改 1',
  '修改 3',
  '修改 财政拨款',
  '50 120\n96 96\n85 92\n30 55',
  '1、3；资金到位较晚；加快进度；有可能',
  '未完成',
  '2027-11-30',
  'https://www.wuding.gov.cn/',
  '１２５０００',
  '十二万五千',
  '-5',
  '12.345',
  '',
  '20万 35万\n15万 30万\n5万 5万\n已养护道路60公里\n60 120\n96 96\n92 92\n20 45',
  '80万 200万\n70万 180万\n10万 20万\n完成改造400户\n700 1200\n未完成\n2027-10-01\n按计划推进\n是\n95 95',
  '1万 8万',
  '12万',
  '7月追加预算尚未调整',
  '260万 500万\n160万 300万\n100万 200万',
  '95 95\n6 12',
]

describe('engine robustness', () => {
  it('any sequence of replies gives one reply per step and a JSON state, never an exception', () => {
    const ctx = demoContext({ previous: { 'projects.P1.funds.total.executed': 30_000_000 } })
    fc.assert(
      fc.property(
        fc.constantFrom(...templates.map((t) => t.id)),
        fc.constantFrom<'block' | 'single'>('block', 'single'),
        fc.array(
          fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...REPLIES) }, { weight: 1, arbitrary: fc.string() }),
          { maxLength: 40 },
        ),
        (id, mode, replies) => {
          const t = getTemplate(id)
          const c = { ...ctx, mode }
          let state: DialogState | null = null
          for (const text of ['<start>', ...replies]) {
            let r = step(t, state, text === '<start>' ? { kind: 'start' } : { kind: 'text', text }, c)
            // the completing step says nothing; the receipt is the one reply, once the host has stored it
            if (r.effects.some((e) => e.type === 'completed')) {
              expect(r.replies).toHaveLength(0)
              r = {
                ...step(
                  t,
                  JSON.parse(JSON.stringify(r.state)) as DialogState,
                  { kind: 'stored', version: 1, onTime: true },
                  c,
                ),
                effects: r.effects,
              }
            }
            expect(r.replies).toHaveLength(1)
            expect(r.replies[0].length).toBeGreaterThan(0)
            const again = JSON.parse(JSON.stringify(r.state)) as DialogState
            expect(again).toEqual(r.state)
            // whatever path led there, a completed dialog hands over a payload the schema accepts
            for (const e of r.effects)
              if (e.type === 'completed')
                expect(validateSubmission(t, c, { answers: e.payload.answers })).toMatchObject({ ok: true })
            state = deepFreeze(again)
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    )
  })

  it('every question kind parses any string into a value, a question or a refusal', () => {
    const q = (kind: Question['kind']): Question => ({
      key: 'k',
      path: 'k',
      label: 'x',
      kind,
      required: true,
      options: ['甲', '乙'],
      budgetFen: 30_000_000,
      defaultYear: 2027,
      measure: '户',
    })
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(kinds)), fc.string(), (k, s) => {
        expect([true, false, 'ambiguous']).toContain(k.parse(s, q(k.name)).ok)
      }),
      { numRuns: 3000 },
    )
  })
})

describe('completion under random replies', () => {
  it('the scripted clerk reaches completion in both modes', () => {
    const ctx = demoContext()
    for (const mode of ['block', 'single'] as const) {
      let r = step(getTemplate('disclosure'), null, { kind: 'start' }, { ...ctx, mode })
      for (const text of ['https://www.wuding.gov.cn/', '跳过', '跳过', '确认'])
        if (!r.state.done) r = step(getTemplate('disclosure'), r.state, { kind: 'text', text }, { ...ctx, mode })
      expect(r.state.outcome).toBe('completed')
    }
  })
})
