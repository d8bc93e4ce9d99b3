import { describe, expect, it } from '@jest/globals'
import { FORM_CODES } from '../../src/domain/types.js'
import { getTemplate } from '../../src/forms/index.js'
import { formTitle, formTitles } from '../../src/forms/titles.js'

/** The tables' names in messages come from their templates: one definition for chat, e-mails, lists and exports. */
describe('form titles, from the templates', () => {
  it('names each table by its template’s title and short title', () => {
    expect(FORM_CODES.map((f) => [formTitle(f), formTitle(f, 'short')])).toEqual(
      FORM_CODES.map((f) => [getTemplate(f).title, getTemplate(f).shortTitle]),
    )
    expect(formTitles(['department', 'project', 'county-detail', 'disclosure'], 'short')).toEqual([
      '部门整体表',
      '项目支出表',
      '县级项目明细表',
      '自评公开网址',
    ])
    expect(formTitles(['project'])).toEqual(['项目支出绩效目标执行监控表'])
  })
  it('names an unknown code by itself', () => {
    expect(formTitles(['nonesuch' as never])).toEqual(['nonesuch'])
  })
})
