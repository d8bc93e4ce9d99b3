import type { FormCode } from './types.js'

/**
 * How the monitoring tables are named in messages: the full title in a unit's own group and in e-mails,
 * the short one in a merged shared-group list where one line per unit must stay short.
 */
export const FORM_TITLES: Record<FormCode, { full: string; short: string }> = {
  department: { full: '部门整体支出绩效目标执行监控表', short: '部门整体表' },
  project: { full: '项目支出绩效目标执行监控表', short: '项目支出表' },
  'county-detail': { full: '县级安排项目支出明细监控表', short: '县级项目明细表' },
  disclosure: { full: '绩效自评报告公开网址', short: '自评公开网址' },
}

export function formTitles(forms: readonly FormCode[], style: 'full' | 'short' = 'full'): string[] {
  return forms.map((f) => FORM_TITLES[f]?.[style] ?? f)
}
