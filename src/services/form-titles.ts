import type { FormCode } from '../domain/types.js'

/** The official table titles, for chat messages, digests and exports. */
export const FORM_TITLES: Record<FormCode, string> = {
  department: '部门整体支出绩效目标执行监控表',
  project: '项目支出绩效目标执行监控表',
  'county-detail': '县级安排项目支出明细监控表',
  disclosure: '绩效自评报告公开网址',
}
