import type { SubmissionStatus } from './types.js'

/**
 * The one set of Chinese words for where a table stands, wherever a person reads it: the chat's 填报 and
 * 进度 lists and the exports (汇总 sheet, CSV). 'missing' is a table with no version at all.
 */
export const STATUS_LABELS: Readonly<Record<SubmissionStatus | 'missing', string>> = {
  missing: '未填报',
  draft: '草稿',
  submitted: '已提交',
  returned: '被退回待修改',
  accepted: '已审核通过',
}
