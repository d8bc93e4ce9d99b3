import { describe, expect, it } from '@jest/globals'
import { benchContext, reply } from '../../fixtures/engine-clerk.js'
import { step, type DialogState, type StepResult } from '../../src/engine/index.js'
import { getTemplate } from '../../src/forms/index.js'
import { demoContext } from '../../fixtures/demo-context.js'

/** Issue 14: moving around keeps every answer; the numbers a clerk sees keep meaning the same item. */

const P1 = 'projects.P1.'
const FUNDS_P1 = '20万 35万\n15万 30万\n5万 5万\n已养护道路60公里'
/** P1's indicators all on track: no deviation block */
const ON_TRACK_P1 = '60 120\n96 96\n92 92\n20 45'
/** P1's indicators: 里程 behind time progress, 满意度 below its level, 成本 above its cap */
const LAGGING_P1 = '50 120\n96 96\n85 92\n30 55'
const W = 1_000_000 // 1万元 in 分

interface Run {
  r: StepResult
  all: StepResult[]
}

/** Plays replies after the greeting; the state goes through JSON between steps as the host stores it. */
function run(replies: string[], mode: 'block' | 'single' = 'block'): Run {
  const ctx = demoContext({ mode })
  const t = getTemplate('project')
  let r = step(t, null, { kind: 'start' }, ctx)
  const all = [r]
  for (const text of replies) {
    r = step(t, JSON.parse(JSON.stringify(r.state)) as DialogState, { kind: 'text', text }, ctx)
    expect(r.replies).toHaveLength(1)
    all.push(r)
  }
  return { r, all }
}

const text = (x: Run): string => x.r.replies[0]

describe('上一步 keeps answers and shows them', () => {
  it('twice goes two blocks back, shows every value and loses nothing', () => {
    const before = run([FUNDS_P1, ON_TRACK_P1, '80万 200万'])
    expect(Object.keys(before.r.state.answers)).toHaveLength(17)
    const once = run([FUNDS_P1, ON_TRACK_P1, '80万 200万', '上一步'])
    expect(text(once)).toMatch(
      /已返回上一步[\s\S]*绩效指标完成情况[\s\S]*1\. 养护农村公路里程·1-6月实际完成值.*［现填：60公里］[\s\S]*回复“继续”保持不变/,
    )
    const twice = run([FUNDS_P1, ON_TRACK_P1, '80万 200万', '上一步', '上一步'])
    expect(text(twice)).toMatch(
      /资金执行情况[\s\S]*1\. 年度资金总额·1-6月执行数［现填：20万元］[\s\S]*5\. 其他资金·1-6月执行数［现填：5万元］[\s\S]*7\. 年度总体目标完成情况.*［现填：已养护道路60公里］/,
    )
    expect(twice.r.state.answers).toEqual(before.r.state.answers)
    // and "继续" from there: on to where the clerk was (P2's funds, its open items by their fixed numbers)
    const on = run([FUNDS_P1, ON_TRACK_P1, '80万 200万', '上一步', '上一步', '继续'])
    expect(text(on)).toMatch(/项目 2\/2：农村危房改造[\s\S]*请回复以下 5 项[\s\S]*3\. 其中：财政拨款·1-6月执行数/)
    expect(on.r.state.answers).toEqual(before.r.state.answers)
  })

  it('then “继续” changes nothing and goes on where the clerk was', () => {
    const before = run([FUNDS_P1])
    const after = run([FUNDS_P1, '上一步', '继续'])
    expect(after.r.state.answers).toEqual(before.r.state.answers)
    expect(after.r.effects).toEqual([])
    expect(after.r.state.cursor).toBe(before.r.state.cursor)
    expect(text(after)).toMatch(/保持不变[\s\S]*绩效指标完成情况[\s\S]*请回复以下 8 项/)
  })

  it('then “7：…” changes only item 7', () => {
    const before = run([FUNDS_P1])
    const after = run([FUNDS_P1, '上一步', '7：已养护道路65公里'])
    expect(after.r.state.answers).toEqual({ ...before.r.state.answers, [`${P1}goalProgress`]: '已养护道路65公里' })
    expect(text(after)).toMatch(/已记录 1 项[\s\S]*绩效指标完成情况/)
  })

  it('then unnumbered values overwrite the shown items in order', () => {
    const after = run([FUNDS_P1, '上一步', '20万 35万 16万 30万 4万'])
    expect(after.r.state.answers[`${P1}funds.fiscal.executed`]).toBe(16 * W)
    expect(after.r.state.answers[`${P1}funds.other.executed`]).toBe(4 * W)
    expect(after.r.state.answers[`${P1}funds.other.expected`]).toBe(5 * W)
    expect(text(after)).toMatch(/已记录 5 项[\s\S]*绩效指标完成情况/)
  })

  it("then a figure that breaks the block's sum is asked again with its partners", () => {
    const after = run([FUNDS_P1, '上一步', '2：36万'])
    expect(text(after)).toMatch(/应等于[\s\S]*请回复以下 3 项/)
  })

  it('then a value that does not parse keeps the old one and asks again', () => {
    const after = run([FUNDS_P1, '上一步', '2：很多'])
    expect(after.r.state.answers[`${P1}funds.total.expected`]).toBe(35 * W)
    expect(after.r.state.review).toMatchObject({ from: 'back' })
    expect(text(after)).toMatch(/请更正[\s\S]*［现填：35万元］/)
  })

  it('in single mode goes back one item, shows it and keeps it', () => {
    const after = run(['20万', '35万', '15万', '上一步', '上一步'], 'single')
    expect(text(after)).toMatch(/已返回上一题[\s\S]*年度资金总额·全年预计执行数.*［现填：35万元］/)
    expect(Object.keys(after.r.state.answers)).toHaveLength(3)
    const changed = run(['20万', '35万', '15万', '上一步', '上一步', '36万'], 'single')
    expect(changed.r.state.answers[`${P1}funds.total.expected`]).toBe(36 * W)
    expect(changed.r.state.answers[`${P1}funds.fiscal.executed`]).toBe(15 * W)
    expect(text(changed)).toMatch(/请填写：其中：财政拨款·全年预计执行数/)
  })

  it('a changed figure makes a deviation block appear, or go, on the way forward', () => {
    const on = run([FUNDS_P1, ON_TRACK_P1, '上一步', '1：50'])
    expect(text(on)).toMatch(/养护农村公路里程·偏差说明（需补充说明）/)
    const answered = [FUNDS_P1, LAGGING_P1, '1、3；资金到位较晚；加快施工进度；有可能']
    const off = run([...answered, '上一步', '上一步', '1：60'])
    expect(text(off)).not.toMatch(/养护农村公路里程·偏差说明/)
    expect(text(off)).toMatch(/群众满意度·偏差说明/)
  })
})

describe('item numbers inside a block stay fixed', () => {
  it('after a partial reply the open items keep their numbers', () => {
    const x = run(['20万 35万'])
    expect(text(x)).toMatch(
      /请回复以下 5 项[\s\S]*\n3\. 其中：财政拨款·1-6月执行数[\s\S]*\n5\. 其他资金·1-6月执行数[\s\S]*\n7\. 年度总体目标完成情况/,
    )
    expect(text(x)).not.toMatch(/\n1\. /)
  })

  it('“5：5万” typed from the first message lands on item 5', () => {
    const x = run(['20万 35万', '5：5万\n3. 15万'])
    expect(x.r.state.answers[`${P1}funds.other.executed`]).toBe(5 * W)
    expect(x.r.state.answers[`${P1}funds.fiscal.executed`]).toBe(15 * W)
    expect(x.r.state.answers[`${P1}funds.fiscal.expected`]).toBeUndefined()
  })

  it('unnumbered values still fill the open items in order', () => {
    const x = run(['20万 35万', '15万 30万'])
    expect(x.r.state.answers[`${P1}funds.fiscal.executed`]).toBe(15 * W)
    expect(x.r.state.answers[`${P1}funds.fiscal.expected`]).toBe(30 * W)
  })
})

describe('修改 N addresses exactly item N', () => {
  it('on an unanswered item asks that item and stores the reply there', () => {
    const ask = run(['20万 35万', '修改 5'])
    expect(text(ask)).toMatch(/修改第 5 项。[\s\S]*请填写：其他资金·1-6月执行数/)
    const x = run(['20万 35万', '修改 5', '5万'])
    expect(x.r.state.answers[`${P1}funds.other.executed`]).toBe(5 * W)
    expect(x.r.state.answers[`${P1}funds.fiscal.executed`]).toBeUndefined()
    expect(text(x)).toMatch(/请回复以下 4 项/)
  })

  it('in a later block stores there and returns to where the clerk was', () => {
    // item 8 is P1's first indicator: the items always asked are numbered first, without gaps
    const ask = run(['20万', '修改 8'])
    expect(text(ask)).toMatch(/修改第 8 项。[\s\S]*请填写：养护农村公路里程·1-6月实际完成值/)
    const x = run(['20万', '修改 8', '60'])
    expect(x.r.state.answers).toEqual({ [`${P1}funds.total.executed`]: 20 * W, [`${P1}indicators.I1.actual`]: 60 })
    expect(x.r.state.cursor).toBe(0)
    expect(text(x)).toMatch(/资金执行情况[\s\S]*请回复以下 6 项/)
  })

  it('an answered item is shown with its value and kept on “继续”', () => {
    const before = run([FUNDS_P1])
    const x = run([FUNDS_P1, '修改 3', '继续'])
    expect(x.r.state.answers).toEqual(before.r.state.answers)
    expect(text(x)).toMatch(/绩效指标完成情况/)
  })

  it('查看 numbers and 修改 N agree, even after deviation blocks appear', () => {
    // the number of P2's first item in 查看
    const numberOf = (summary: string): string =>
      /— 项目 2\/2：农村危房改造 —\n(\d+)\. 年度资金总额·1-6月执行数/.exec(summary)?.[1] ?? ''
    const early = numberOf(text(run([FUNDS_P1, '查看'])))
    const late = numberOf(text(run([FUNDS_P1, LAGGING_P1, '查看'])))
    expect(early).not.toBe('')
    expect(late).toBe(early)
    const x = run([FUNDS_P1, LAGGING_P1, `修改 ${late}`])
    expect(text(x)).toMatch(/项目 2\/2：农村危房改造[\s\S]*请填写：年度资金总额·1-6月执行数/)
  })
})

describe('the part counter', () => {
  const counters = (all: StepResult[], unit: string): [number, number][] =>
    all.flatMap((r) =>
      [...r.replies.join('\n').matchAll(new RegExp(`第 (\\d+)/(\\d+) ${unit}`, 'g'))].map(
        (m) => [Number(m[1]), Number(m[2])] as [number, number],
      ),
    )

  it('never goes back nor changes its total in a filing with lagging lines (block mode)', () => {
    const { all } = run([
      FUNDS_P1,
      LAGGING_P1,
      '1、3；资金到位较晚；加快施工进度；有可能',
      '2；群众对养护频次有意见；增加巡查频次；确定能',
      '1；材料价格上涨较多；优化采购方式；有可能',
      '80万 200万',
      '70万 180万\n10万 20万\n已完成改造400户',
    ])
    expect(all.map((r) => r.replies[0]).join('\n')).toContain('偏差说明（需补充说明）')
    const seen = counters(all, '部分')
    expect(seen.length).toBeGreaterThan(3)
    expect(new Set(seen.map(([, total]) => total))).toEqual(new Set([4]))
    seen.forEach(([pos], i) => expect(pos).toBeGreaterThanOrEqual(i ? seen[i - 1][0] : 1))
  })

  it('never goes back nor changes its total in single mode (some projects lagging)', () => {
    const ctx = benchContext('single', 3)
    const t = getTemplate('project')
    let r = step(t, null, { kind: 'start' }, ctx)
    const all = [r]
    while (r.state.pending?.type !== 'submit') {
      r = step(t, r.state, { kind: 'text', text: reply(ctx, r.state) }, ctx)
      all.push(r)
    }
    const seen = counters(all, '题')
    expect(new Set(seen.map(([, total]) => total)).size).toBe(1)
    seen.forEach(([pos], i) => expect(pos).toBeGreaterThanOrEqual(i ? seen[i - 1][0] : 1))
  })
})
