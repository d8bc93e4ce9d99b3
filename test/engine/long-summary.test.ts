import { describe, expect, it } from '@jest/globals'
import { benchContext, reply } from '../../fixtures/engine-clerk.js'
import { step, type StepResult } from '../../src/engine/index.js'
import { getTemplate } from '../../src/forms/index.js'

describe('a unit with ten projects', () => {
  it('gets a per-project summary before 提交, 查看 N shows one project, and it completes', () => {
    const ctx = benchContext('block', 10)
    const t = getTemplate('project')
    let r: StepResult = step(t, null, { kind: 'start' }, ctx)
    while (r.state.pending?.type !== 'submit') r = step(t, r.state, { kind: 'text', text: reply(ctx, r.state) }, ctx)
    const summary = r.replies[0]
    expect(summary).toMatch(/项目 3\/10：乡村道路养护3（第 \d+–\d+ 项）执行率 40%、40%、40%；偏差 \d+ 处/)
    expect(summary).toContain('回复“查看 N”')
    expect(summary.length).toBeLessThan(1500)
    r = step(t, r.state, { kind: 'text', text: '查看 3' }, ctx)
    expect(r.replies[0]).toContain('— 项目 3/10：乡村道路养护3 —')
    expect(r.replies[0]).not.toContain('项目 4/10')
    r = step(t, r.state, { kind: 'text', text: '确认' }, ctx)
    expect(r.state.outcome).toBe('completed')
  })
})
