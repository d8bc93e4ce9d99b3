import { describe, expect, it } from '@jest/globals'
import { parseCommand, step, type DialogState, type StepResult } from '../../src/engine/index.js'
import { getTemplate } from '../../src/forms/index.js'
import { demoContext } from '../../fixtures/demo-context.js'

const FUNDS_P1 = '20万 35万\n15万 30万\n5万 5万\n已养护道路60公里'

/** Plays replies after the greeting; returns the last result. */
function run(replies: string[], code = 'project', mode: 'block' | 'single' = 'block', over = {}): StepResult {
  const ctx = demoContext({ mode, ...over })
  const t = getTemplate(code)
  let r = step(t, null, { kind: 'start' }, ctx)
  for (const text of replies)
    r = step(t, JSON.parse(JSON.stringify(r.state)) as DialogState, { kind: 'text', text }, ctx)
  return r
}

describe('parseCommand', () => {
  it.each([
    ['上一步', { kind: 'back' }],
    ['返回', { kind: 'back' }],
    ['跳过', { kind: 'skip' }],
    ['取消', { kind: 'cancel' }],
    ['查看', { kind: 'view' }],
    ['帮助', { kind: 'help' }],
    ['？', { kind: 'help' }],
    ['提交', { kind: 'submit' }],
    ['修改 3', { kind: 'edit', target: '3' }],
    ['改3', { kind: 'edit', target: '3' }],
    ['修改第12项', { kind: 'edit', target: '12' }],
    ['修改 财政拨款', { kind: 'edit', target: '财政拨款' }],
    ['查看 3', { kind: 'view', project: 3 }],
    ['查看项目2', { kind: 'view', project: 2 }],
    ['改进管理方式', null],
    ['查看了现场', null],
    ['15万', null],
  ])('%s', (text, cmd) => expect(parseCommand(text)).toEqual(cmd))
})

/** [what, replies before, reply, expected in the one bot message, check on the state] */
const table: [string, string[], string, RegExp, ((s: DialogState, r: StepResult) => void)?][] = [
  ['帮助 explains the open questions with examples', [], '帮助', /需要填写：[\s\S]*例如“15万”[\s\S]*命令：上一步/],
  [
    '查看 numbers the answers and continues',
    ['20万 35万'],
    '查看',
    /1\. 年度资金总额·1-6月执行数：20万元[\s\S]*3\. 其中：财政拨款·1-6月执行数：（未填）[\s\S]*继续填写/,
  ],
  ['取消 asks for confirmation', [], '取消', /确定要取消填报吗/, (s) => expect(s.pending).toEqual({ type: 'cancel' })],
  [
    '取消 + 是 cancels',
    ['取消'],
    '是',
    /已取消，已填内容未提交。需要时发送“填报”重新开始/,
    (s, r) => {
      expect(s).toMatchObject({ done: true, outcome: 'cancelled' })
      expect(r.effects).toEqual([{ type: 'cancelled' }])
    },
  ],
  ['取消 + 否 continues', ['取消'], '否', /继续填写[\s\S]*请回复以下 7 项/, (s) => expect(s.done).toBe(false)],
  ['提交 before the end is refused', [], '提交', /还有 \d+ 项未填写，暂不能提交/],
  ['跳过 a required question is refused with the reason', [], '跳过', /必填项，不能跳过（监控表要求填写此项）/],
  [
    '跳过 a deviation question says why',
    [FUNDS_P1, '50 120\n96 96\n92 92\n20 45'],
    '跳过',
    /存在偏差，须说明原因和措施/,
  ],
  ['上一步 at the first question', [], '上一步', /已经是第一题了/],
  [
    '上一步 returns to the previous block showing its values, all kept',
    [FUNDS_P1],
    '上一步',
    /已返回上一步[\s\S]*1\. 年度资金总额·1-6月执行数［现填：20万元］[\s\S]*回复“继续”保持不变/,
    (s) => expect(Object.keys(s.answers)).toHaveLength(7),
  ],
  ['修改 N out of range', [], '修改 99', /没有第 99 项/],
  [
    '修改 <name> with several matches lists them',
    [FUNDS_P1],
    '修改 财政拨款',
    /找到多项[\s\S]*3\. 其中：财政拨款·1-6月执行数/,
  ],
  [
    '修改 <name> with one match jumps there',
    [FUNDS_P1],
    '修改 年度总体目标',
    /修改第 7 项（原填：已养护道路60公里）/,
    (s) => expect(s.returnTo).toBe(8),
  ],
  [
    'three failed tries offer an example, 帮助 and 取消',
    ['x', 'y'],
    'z',
    /多次未能识别。例如：15万；30万[\s\S]*回复“帮助”[\s\S]*“取消”/,
    (s) => expect(s.fails).toBe(3),
  ],
  [
    'a numbered partial answer',
    [],
    '3：15万\n1：20万',
    /已记录 2 项[\s\S]*请回复以下 5 项/,
    (s) => expect(s.answers['projects.P1.funds.fiscal.executed']).toBe(15_000_000),
  ],
  [
    'a whole project pasted at once',
    [],
    `${FUNDS_P1}\n60 120\n96 96\n92 92\n20 45`,
    /已记录 15 项[\s\S]*项目 2\/2：农村危房改造/,
  ],
  [
    '元/万元: "1" keeps 元',
    ['80'],
    '1',
    /已记录 1 项/,
    (s) => expect(s.answers['projects.P1.funds.total.executed']).toBe(8000),
  ],
  [
    '元/万元: a new answer with a unit settles it',
    ['80'],
    '20万',
    /已记录 1 项/,
    (s) => expect(s.answers['projects.P1.funds.total.executed']).toBe(20_000_000),
  ],
  [
    'a command while 元/万元 is pending drops the question',
    ['80'],
    '查看',
    /继续填写/,
    (s) => expect(s.pending).toBeUndefined(),
  ],
]

describe('commands and answers at a question (project@1, block mode)', () => {
  it.each(table.map((row) => [row[0], row] as const))('%s', (_name, [, before, reply, expected, check]) => {
    const r = run([...before, reply])
    expect(r.replies).toHaveLength(1)
    expect(r.replies[0]).toMatch(expected)
    check?.(r.state, r)
  })
})

describe('single mode, resume and finished dialogs', () => {
  it('asks one question at a time with 第 n/m 题', () => {
    const r = run(['20万'], 'project', 'single')
    expect(r.replies[0]).toMatch(/第 2\/\d+ 题[\s\S]*请填写：年度资金总额·全年预计执行数/)
  })
  it('上一步 in single mode shows the last answer and keeps it', () => {
    const r = run(['20万', '35万', '上一步'], 'project', 'single')
    expect(r.replies[0]).toMatch(/年度资金总额·全年预计执行数.*［现填：35万元］/)
    expect(Object.keys(r.state.answers)).toEqual([
      'projects.P1.funds.total.executed',
      'projects.P1.funds.total.expected',
    ])
  })
  it('resume repeats the open question or the pending one', () => {
    const ctx = demoContext()
    const t = getTemplate('project')
    const a = step(t, run(['20万 35万']).state, { kind: 'resume' }, ctx)
    expect(a.replies[0]).toMatch(/继续填写[\s\S]*请回复以下 5 项/)
    const b = step(t, run(['80']).state, { kind: 'resume' }, ctx)
    expect(b.replies[0]).toMatch(/是 80 元还是 80 万元/)
  })
  it('a finished dialog says so; start begins afresh', () => {
    const ctx = demoContext()
    const t = getTemplate('disclosure')
    const done = run(['https://www.wuding.gov.cn/', '跳过', '确认'], 'disclosure').state
    expect(done.done).toBe(true)
    expect(step(t, done, { kind: 'text', text: '你好' }, ctx).replies[0]).toMatch(/已提交/)
    expect(step(t, done, { kind: 'start' }, ctx).state.answers).toEqual({})
  })
})
