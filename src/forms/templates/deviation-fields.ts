import type { FieldSpec } from '../question.js'

export const DEVIATION_REASONS = ['经费保障', '制度保障', '人员保障', '硬件条件保障', '其他'] as const
export const LIKELIHOOD = ['确定能', '有可能', '完全不可能'] as const

/** What every lagging fund line or deviating indicator must carry (domain.md, "Deviation rules"). */
export const DEVIATION_FIELDS: FieldSpec[] = [
  { key: 'reasons', label: '偏差原因', kind: 'multi-choice', options: DEVIATION_REASONS, example: '1、3' },
  { key: 'explanation', label: '偏差原因说明', kind: 'text', minLength: 4, example: '上级资金6月底才下达' },
  { key: 'measures', label: '纠偏措施', kind: 'text', minLength: 4, example: '加快项目验收和资金拨付' },
  { key: 'likelihood', label: '完成目标可能性', kind: 'choice', options: LIKELIHOOD, example: '2' },
]
