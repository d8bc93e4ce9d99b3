import { describe, expect, it } from '@jest/globals'
import { chatErrorText, step, type DialogState, type StepResult } from '../../src/engine/index.js'
import { GENERIC_ERROR_TEXT } from '../../src/engine/chat-error-text.js'
import { AppError } from '../../src/errors.js'
import { getTemplate } from '../../src/forms/index.js'
import { demoContext } from '../../fixtures/demo-context.js'
import { play } from './fixtures/script.js'

/**
 * Issue 14, one voice: a submission is confirmed once, by the engine, and only once it is stored; a
 * store that refuses it leaves the dialog open at the confirmation with every answer.
 */
const t = getTemplate('project@1')
const ctx = demoContext()
const json = (s: DialogState): DialogState => JSON.parse(JSON.stringify(s)) as DialogState

/** The demo project table answered in full, waiting for 确认 (one deviation: 养护成本 over its cap). */
const atConfirm: DialogState = (() => {
  let r: StepResult = step(t, null, { kind: 'start' }, ctx)
  const replies = [
    '20万 35万\n15万 30万\n5万 5万\n已养护道路60公里，按计划推进',
    '60 120\n96 96\n92 92\n60 55',
    '1；材料价格上涨较多；优化采购方式；有可能',
    '100万 200万\n90万 180万\n10万 20万\n已完成改造600户',
    '600 1200\n2027-06-20 2027-06-30\n有效改善\n是\n95 95',
  ]
  for (const text of replies) r = step(t, json(r.state), { kind: 'text', text }, ctx)
  expect(r.state.pending).toEqual({ type: 'submit' })
  return json(r.state)
})()

describe('one confirmation per submission', () => {
  it('the completing step says nothing; the stored report is the one receipt, with version and deviations', () => {
    const done = step(t, atConfirm, { kind: 'text', text: '确认' }, ctx)
    expect(done.replies).toEqual([])
    expect(done.effects.map((e) => e.type)).toContain('completed')
    const receipt = step(t, json(done.state), { kind: 'stored', version: 2, onTime: true }, ctx)
    expect(receipt.replies).toEqual([
      '已提交《项目支出绩效目标执行监控表》（第 2 版）。共 1 处偏差已附说明。财政局审核后如需修改会再通知您。',
    ])
    expect(receipt.state).toEqual(done.state)
    expect(receipt.effects).toEqual([])
  })

  it('a late submission says so', () => {
    const done = step(t, atConfirm, { kind: 'text', text: '提交' }, ctx)
    const [receipt] = step(t, json(done.state), { kind: 'stored', version: 1, onTime: false }, ctx).replies
    expect(receipt).toContain('（第 1 版）')
    expect(receipt).toContain('逾期')
  })

  it('a refused store: one message why, no 已提交, the dialog open at the confirmation with every answer', () => {
    const done = step(t, atConfirm, { kind: 'text', text: '确认' }, ctx)
    const refused = step(
      t,
      json(done.state),
      {
        kind: 'refused',
        reason: { type: 'error', message: '本轮填报已锁定，不能再修改；如需修改请联系财政局重新开放' },
      },
      ctx,
    )
    expect(refused.replies).toHaveLength(1)
    expect(refused.replies[0]).toMatch(/^提交未成功：本轮填报已锁定/)
    expect(refused.replies[0]).toContain('回复“确认”')
    expect(refused.replies[0]).not.toContain('已提交')
    expect(refused.state).toMatchObject({
      done: false,
      pending: { type: 'submit' },
      cursor: -1,
      answers: atConfirm.answers,
    })
    expect(refused.state.outcome).toBeUndefined()
    // 确认 again completes again; 修改 N works
    const again = step(t, json(refused.state), { kind: 'text', text: '确认' }, ctx)
    expect(again.effects.find((e) => e.type === 'completed')).toMatchObject({ payload: { answers: atConfirm.answers } })
    const edit = step(t, json(refused.state), { kind: 'text', text: '修改 1' }, ctx)
    expect(edit.replies[0]).toContain('修改第 1 项（原填：20万元）')
  })

  it('a version saved meanwhile by someone else: who, which version, and how to go on', () => {
    const done = step(t, atConfirm, { kind: 'text', text: '确认' }, ctx)
    const [text] = step(
      t,
      json(done.state),
      { kind: 'refused', reason: { type: 'edited', by: '另一位同事在小程序', version: 3, draft: true } },
      ctx,
    ).replies
    expect(text).toBe(
      '提交未成功：您填写期间，另一位同事在小程序保存了本表的第 3 版（草稿）。再次发送“提交”将以您本次填写的内容为准；如要改用对方的内容，请发送“取消”后再发送“填报”载入。',
    )
  })

  it('a report for a dialog that did not complete is a host bug', () => {
    expect(() => step(t, atConfirm, { kind: 'stored', version: 1, onTime: true }, ctx)).toThrow(/not completed/)
  })

  it('play() asserts the contract: the completing line is checked on its receipt', () => {
    const { transcript } = play(t, ctx, [
      { say: '<start>' },
      ...[
        '20万 35万\n15万 30万\n5万 5万\n已养护道路60公里，按计划推进',
        '60 120\n96 96\n92 92\n40 45',
        '100万 200万\n90万 180万\n10万 20万\n已完成改造600户',
      ].map((say) => ({ say })),
      { say: '600 1200\n2027-06-20 2027-06-30\n有效改善\n是\n95 95', expect: ['已全部填写'] },
      {
        say: '确认',
        settled: { kind: 'refused', reason: { type: 'error', message: '本轮填报已锁定' } },
        expect: ['提交未成功：本轮填报已锁定。'],
        not: ['已提交'],
      },
      {
        say: '确认',
        settled: { kind: 'stored', version: 1, onTime: true },
        expect: ['已提交《项目支出绩效目标执行监控表》（第 1 版）。财政局'],
      },
    ])
    expect(transcript.match(/已提交《/g)).toHaveLength(1)
  })
})

describe('chatErrorText: the one way an error becomes chat text', () => {
  it('a refusal meant for the user says its message; a validation names its first fields', () => {
    expect(chatErrorText(AppError.conflict('round_locked', '本轮填报已锁定'))).toBe('本轮填报已锁定')
    const fields = [1, 2, 3, 4].map((i) => ({ path: `p${i}`, message: `第 ${i} 项有误` }))
    expect(chatErrorText(AppError.invalid('填报内容有误，请按提示修改', { fields }))).toBe(
      '填报内容有误，请按提示修改\n· 第 1 项有误\n· 第 2 项有误\n· 第 3 项有误\n……共 4 处',
    )
  })
  it('anything else is the generic line (no internals leak)', () => {
    expect(chatErrorText(new Error('E11000 duplicate key'))).toBe(GENERIC_ERROR_TEXT)
    expect(chatErrorText(new AppError(500, 'bug', 'internal detail'))).toBe(GENERIC_ERROR_TEXT)
    expect(chatErrorText('a string')).toBe(GENERIC_ERROR_TEXT)
  })
})
