import { describe, it, expect } from '@jest/globals'
import { formTitles } from '../../src/forms/titles.js'
import { atLocal } from '../../src/domain/local-time.js'
import { ReminderTextMemo } from '../../src/domain/reminder-text-memo.js'
import { entryText, ownGroupText, sharedLine, textInput } from '../../src/domain/reminder-text.js'
import type { FormCode } from '../../src/domain/types.js'

/**
 * The sweep builds each reminder text once per (deadline words, missing forms) and puts each unit's
 * name into it (ReminderTextMemo). For the same input it must give exactly the text built per unit.
 */
const zone = 'Asia/Shanghai'
const now = atLocal('2027-07-07', '09:01', zone)
const due = atLocal('2027-07-10', '23:59', zone)
const soft = textInput('2027年1-6月', due, now, zone, false)
const firm = textInput('2027年1-6月', due, atLocal('2027-07-12', '09:00', zone), zone, true)
// a title with characters that would bite a pattern-based replace
const odd = textInput('$&$1 \\n 【特】', due, now, zone, false)

const cases: [string, ReturnType<typeof textInput>, string, FormCode[], boolean][] = [
  ['one form', soft, '示例县教育局', ['project'], false],
  ['two forms', soft, '示例县林业局', ['department', 'project'], false],
  ['the other order', soft, '示例县林业局', ['project', 'department'], false],
  ['firm words', firm, '示例县教育局', ['project'], false],
  ['platform entry', soft, '示例县财政局', [], true],
  ['platform entry, firm', firm, '示例县财政局', [], true],
  ['an unknown form code', soft, '某单位', ['no-such-form' as FormCode], false],
  ['a name with $& and a newline', soft, '$&单位\n二行', ['project'], false],
  ['a name that is empty', soft, '', ['department'], false],
  ['a title with $& and backslashes', odd, '示例县教育局', ['project'], false],
  ['a name holding the placeholder', soft, 'A\u0000B', ['project'], false],
]

describe('reminder texts built once per (deadline, missing forms)', () => {
  it.each(cases)('own-group text equals the per-unit text: %s', (_name, t, unit, missing, entry) => {
    const direct = entry ? entryText(t, unit) : ownGroupText(t, unit, formTitles(missing))
    const memo = new ReminderTextMemo(formTitles)
    // first call builds, the second reuses; another unit in between shares the cut
    expect(memo.ownText(t, unit, missing, entry)).toBe(direct)
    expect(memo.ownText(t, '别的单位', missing, entry)).toBe(
      entry ? entryText(t, '别的单位') : ownGroupText(t, '别的单位', formTitles(missing)),
    )
    expect(memo.ownText(t, unit, missing, entry)).toBe(direct)
  })

  it.each(cases)('shared-group line equals the per-unit line: %s', (_name, _t, unit, missing, entry) => {
    const memo = new ReminderTextMemo(formTitles)
    for (const n of [1, 2, 16]) {
      const direct = sharedLine(n, unit, entry ? ['平台录入'] : formTitles(missing, 'short'))
      expect(memo.sharedLine(n, unit, missing, entry)).toBe(direct)
      expect(memo.sharedLine(n, unit, missing, entry)).toBe(direct)
    }
  })

  it('one memo over every case in a row keeps them apart (no text leaks between keys)', () => {
    const memo = new ReminderTextMemo(formTitles)
    for (let round = 0; round < 2; round++)
      for (const [, t, unit, missing, entry] of cases)
        expect(memo.ownText(t, unit, missing, entry)).toBe(
          entry ? entryText(t, unit) : ownGroupText(t, unit, formTitles(missing)),
        )
  })

  it('builds each text once, not once per unit', () => {
    let calls = 0
    const counting = (forms: readonly FormCode[], style?: 'full' | 'short') => (calls++, formTitles(forms, style))
    const memo = new ReminderTextMemo(counting)
    for (let i = 0; i < 500; i++) memo.ownText(soft, `单位${i}`, ['department', 'project'], false)
    for (let i = 0; i < 500; i++) memo.ownText(soft, `单位${i}`, ['project'], false)
    expect(calls).toBe(2)
  })
})
