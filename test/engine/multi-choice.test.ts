import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { step, type DialogState, type StepResult } from '../../src/engine/index.js'
import { getTemplate } from '../../src/forms/index.js'
import { DEVIATION_REASONS } from '../../src/forms/templates/deviation-fields.js'
import { demoContext } from '../../fixtures/demo-context.js'

/**
 * Issue 14: multi-choice answers (偏差原因, options 1–5) with any accepted separator, as a single
 * question and as one item of a block reply, never spilling into the next item.
 */
const DEV = 'projects.P1.indicators.I1.dev.'
const template = getTemplate('project@1')
const ctx = demoContext()

function say(state: DialogState | null, text: string | null, mode: 'block' | 'single' = 'block'): StepResult {
  const r = step(template, state, text === null ? { kind: 'start' } : { kind: 'text', text }, { ...ctx, mode })
  expect(r.replies).toHaveLength(1)
  return { ...r, state: JSON.parse(JSON.stringify(r.state)) as DialogState }
}

/** The state at the block 养护农村公路里程·偏差说明: 偏差原因, 偏差原因说明, 纠偏措施, 完成目标可能性. */
const atDeviation: DialogState = (() => {
  let r = say(null, null)
  for (const text of ['20万 35万', '15万 30万\n5万 5万\n已养护道路60公里，按计划推进', '50 120\n96% 96\n85 92\n30 55'])
    r = say(r.state, text)
  expect(r.replies[0]).toContain('养护农村公路里程·偏差说明')
  return r.state
})()

/** The same block with 说明 and 措施 already given: 偏差原因 is followed by a choice (完成目标可能性). */
const choiceNext: DialogState = (() => {
  const r = say(atDeviation, '2. 资金到位较晚\n3. 加快施工进度')
  expect(r.state.answers[`${DEV}explanation`]).toBe('资金到位较晚')
  expect(r.state.answers[`${DEV}likelihood`]).toBeUndefined()
  return r.state
})()

const ONE_AND_THREE = ['经费保障', '人员保障']
const SEPARATED = [
  '1 3',
  '1、3',
  '1,3',
  '1，3',
  '1和3',
  '1 和 3',
  '1 , 3',
  '3 1',
  '经费保障 人员保障',
  '经费保障、人员保障',
  '经费保障和人员保障',
]

describe('multi-choice answers', () => {
  it.each(SEPARATED)('“%s” as a single question', (reply) => {
    const r = say(atDeviation, reply, 'single')
    expect(r.state.answers[`${DEV}reasons`]).toEqual(ONE_AND_THREE)
  })

  it.each(SEPARATED)('“%s” on its own line of a block reply', (reply) => {
    const r = say(atDeviation, `${reply}\n资金到位较晚\n加快施工进度\n有可能`)
    expect(r.replies[0]).toContain('已记录 4 项')
    expect(r.state.answers).toMatchObject({
      [`${DEV}reasons`]: ONE_AND_THREE,
      [`${DEV}explanation`]: '资金到位较晚',
      [`${DEV}measures`]: '加快施工进度',
      [`${DEV}likelihood`]: '有可能',
    })
  })

  it.each(SEPARATED)('“%s” then the text items on the same line', (reply) => {
    const r = say(atDeviation, `${reply} 资金到位较晚`)
    expect(r.state.answers).toMatchObject({ [`${DEV}reasons`]: ONE_AND_THREE, [`${DEV}explanation`]: '资金到位较晚' })
  })

  it.each(SEPARATED)('“%s” as the whole (one-line) reply leaves the next item open', (reply) => {
    const r = say(atDeviation, reply)
    expect(r.replies[0]).toContain('已记录 1 项')
    expect(r.replies[0]).not.toContain('请更正')
    expect(r.state.answers[`${DEV}reasons`]).toEqual(ONE_AND_THREE)
    expect(r.state.answers[`${DEV}explanation`]).toBeUndefined()
  })

  it.each(SEPARATED)('“%s” before a choice item, on its own line', (reply) => {
    const r = say(choiceNext, `${reply}\n2`)
    expect(r.state.answers).toMatchObject({ [`${DEV}reasons`]: ONE_AND_THREE, [`${DEV}likelihood`]: '有可能' })
  })

  it('“13” is refused with a hint, as a single question and inside a block', () => {
    const single = say(atDeviation, '13', 'single')
    expect(single.replies[0]).toContain('没有第 13 项。多选请用空格或顿号分开序号，例如 1、3')
    expect(single.state.answers[`${DEV}reasons`]).toBeUndefined()
    const block = say(atDeviation, '13\n资金到位较晚\n加快施工进度\n有可能')
    expect(block.replies[0]).toContain('没有第 13 项')
    expect(block.state.answers).toMatchObject({ [`${DEV}explanation`]: '资金到位较晚', [`${DEV}likelihood`]: '有可能' })
    expect(block.state.answers[`${DEV}reasons`]).toBeUndefined()
  })

  it('a text beginning with an option word is not taken as a choice', () => {
    const r = say(atDeviation, '1 其他原因导致延误')
    expect(r.state.answers).toMatchObject({
      [`${DEV}reasons`]: ['经费保障'],
      [`${DEV}explanation`]: '其他原因导致延误',
    })
  })

  it('an unclear one-line split is asked about, with nothing shifted or stored from there on', () => {
    const r = say(choiceNext, '1 3 2')
    expect(r.replies[0]).toContain('没能分清“1 3 2”')
    expect(r.replies[0]).toContain('偏差原因是 经费保障、制度保障、人员保障，还是 经费保障、人员保障？')
    expect(r.replies[0]).toContain('请回复以下 2 项')
    expect(r.state.answers[`${DEV}reasons`]).toBeUndefined()
    expect(r.state.answers[`${DEV}likelihood`]).toBeUndefined()
    // the names cannot be a 完成目标可能性: no doubt there
    const names = say(choiceNext, '经费保障 人员保障 有可能')
    expect(names.state.answers).toMatchObject({ [`${DEV}reasons`]: ONE_AND_THREE, [`${DEV}likelihood`]: '有可能' })
  })

  it('a numbered line “1、 3” is asked about when “item 1: 3” and “choices 1 and 3” differ', () => {
    const r = say(atDeviation, '1、 3\n2、 资金到位较晚')
    expect(r.replies[0]).toContain('没能分清“1、 3”')
    expect(r.state.answers[`${DEV}reasons`]).toBeUndefined()
    expect(r.state.answers[`${DEV}explanation`]).toBeUndefined()
    const same = say(atDeviation, '1、 1\n2、 资金到位较晚')
    expect(same.state.answers).toMatchObject({ [`${DEV}reasons`]: ['经费保障'], [`${DEV}explanation`]: '资金到位较晚' })
  })
})

describe('block splitting property', () => {
  const SEPS = [' ', '、', ',', '，', '和', ' 和 ', ', ', ' 、 ', '  ']
  const chosen = fc.uniqueArray(fc.integer({ min: 1, max: DEVIATION_REASONS.length }), { minLength: 1, maxLength: 5 })
  const asWords = fc.boolean()

  it('any mix of accepted separators between the chosen options stores the same answers', () => {
    fc.assert(
      fc.property(
        chosen,
        fc.array(fc.constantFrom(...SEPS), { minLength: 4, maxLength: 4 }),
        asWords,
        (nums, seps, words) => {
          const refs = nums.map((n) => (words ? DEVIATION_REASONS[n - 1] : String(n)))
          const choices = refs.map((x, i) => (i === 0 ? x : `${seps[i - 1]}${x}`)).join('')
          const want = DEVIATION_REASONS.filter((_, i) => nums.includes(i + 1))
          const layouts: [DialogState, string, Record<string, unknown>][] = [
            [
              atDeviation,
              `${choices}\n资金到位较晚\n加快施工进度\n有可能`,
              { explanation: '资金到位较晚', measures: '加快施工进度', likelihood: '有可能' },
            ],
            [
              atDeviation,
              `${choices}；资金到位较晚；加快施工进度；有可能`,
              { explanation: '资金到位较晚', measures: '加快施工进度', likelihood: '有可能' },
            ],
            [atDeviation, `${choices} 资金到位较晚`, { explanation: '资金到位较晚' }],
            [choiceNext, `${choices}\n2`, { likelihood: '有可能' }],
          ]
          for (const [state, reply, rest] of layouts) {
            const r = say(state, reply)
            const got = Object.fromEntries(
              ['reasons', ...Object.keys(rest)].map((k) => [k, r.state.answers[`${DEV}${k}`]]),
            )
            expect([reply, got]).toEqual([reply, { reasons: want, ...rest }])
          }
          expect(say(atDeviation, choices, 'single').state.answers[`${DEV}reasons`]).toEqual(want)
        },
      ),
      { numRuns: 200 },
    )
  })
})
