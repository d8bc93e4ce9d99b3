import type { Indicator } from '../domain/types.js'
import type { FieldSpec } from './question.js'

/** The two questions for an indicator's row, by basis (milestone: dates; qualitative: text and on-track). */
export function indicatorFields(ind: Indicator): [FieldSpec, FieldSpec] {
  if (ind.basis === 'milestone') {
    return [
      { key: 'actual', label: '实际完成日期', kind: 'date', allowNone: true, example: '未完成' },
      { key: 'expected', label: '预计完成日期', kind: 'date', example: String(ind.target) },
    ]
  }
  if (ind.basis === 'qualitative') {
    return [
      { key: 'actual', label: '{period}完成情况', kind: 'text', minLength: 2, example: '按计划推进' },
      { key: 'expected', label: '全年能否实现', kind: 'yes-no', example: '是' },
    ]
  }
  const kind = ind.measure === '%' ? 'percent' : 'number'
  const allowOver100 = ind.basis !== 'level'
  return [
    {
      key: 'actual',
      label: '{period}实际完成值',
      kind,
      measure: ind.measure,
      allowOver100,
      example: `${ind.target}${ind.measure}`,
    },
    {
      key: 'expected',
      label: '全年预计完成值',
      kind,
      measure: ind.measure,
      allowOver100,
      example: `${ind.target}${ind.measure}`,
    },
  ]
}
