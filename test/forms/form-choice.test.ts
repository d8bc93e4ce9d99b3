import { describe, expect, it } from '@jest/globals'
import { pickForm, type FormPick } from '../../src/forms/form-choice.js'
import { formTitle } from '../../src/forms/titles.js'

const all = (['department', 'project', 'county-detail', 'disclosure'] as const).map((form) => ({
  form,
  label: formTitle(form),
}))

describe('pickForm: a table from the numbered list, by number or name', () => {
  it.each<[string, FormPick]>([
    ['2', { index: 1 }],
    ['第3张', { index: 2 }],
    ['５', { outOfRange: 5 }],
    ['2027', null],
    ['项目表', { index: 1 }],
    ['项目支出', { index: 1 }], // also part of 县级安排项目支出明细监控表: the short name wins
    ['项目', { index: 1 }],
    ['部门', { index: 0 }],
    ['县级', { index: 2 }],
    ['公开网址', { index: 3 }],
    ['《项目支出绩效目标执行监控表》', { index: 1 }],
    ['项目支出表', { index: 1 }],
    ['监控表', { ambiguous: [0, 1, 2] }],
    ['表', null],
    ['今天开会', null],
  ])('%s → %j', (text, pick) => expect(pickForm(text, all)).toEqual(pick))

  it('the same form in two rounds is ambiguous by name, distinct by number', () => {
    const two = [all[1], all[1]]
    expect(pickForm('项目表', two)).toEqual({ ambiguous: [0, 1] })
    expect(pickForm('2', two)).toEqual({ index: 1 })
  })
})
