/**
 * The unit page's shapes as the admin API sends them (GET /api/admin/rounds/:roundId/units/:unitCode…,
 * src/services/review/unit-page.ts): written here because JSON carries dates as strings.
 */
import type { Channel, ContactRole, FormCode, SubmissionStatus } from '../../../src/domain/types'

export type { SubmissionStatus }

export interface UnitProfile {
  unit: { code: string; name: string; kind: string; parentCode?: string; parentName?: string }
  contacts: { name: string; wechatName?: string; phone?: string; email?: string; role: ContactRole }[]
  groups: { kind: string; account: string; roomTopic?: string; memberName?: string; boundAt: string }[]
  /** this unit's versions go to its 主管部门 first in this round */
  departmentReview: boolean
}

export interface RowFlag {
  lagging?: boolean
  overBudget?: boolean
  deviating?: boolean
  note: string
}

export interface PrintedLine {
  label: string
  initial: number
  adjusted: number | null
  executed: number | null
  rate: number | null
  expected: number | null
  remark: string
  reasons: string
  likelihood: string
}

export interface ShownTable {
  code: string
  title: string
  header: string[]
  fundsHeader: string[]
  fundsDeviationHeader: string[]
  lines: PrintedLine[]
  goal: [string, string][]
  indicatorHeader: string[]
  indicators: string[][]
  lineFlags: RowFlag[]
  indicatorFlags: RowFlag[]
}

export interface VersionHead {
  id: string
  form: FormCode
  version: number
  status: SubmissionStatus
  by: string
  channel: Channel
  createdAt: string
  submittedAt?: string
  onTime?: boolean
  comment?: string
  reviewedBy?: string
  reviewedAt?: string
  departmentReview: { by: string; at: string } | null
}

export interface FormTables {
  form: FormCode
  title: string
  submission: VersionHead
  tables: ShownTable[]
}

export interface VersionEntry extends VersionHead {
  title: string
  changes: { path: string; label: string; from: string; to: string }[]
}

export interface UnitMessage {
  key: string
  kind: string
  channel: string
  place: string
  text: string
  state: 'pending' | 'sending' | 'sent' | 'failed' | 'dead'
  createdAt: string
  sentAt?: string
  error?: string
  ack?: { required: boolean; acknowledged: boolean; by?: string; at?: string }
}

export const VERSION_STATUS: Record<SubmissionStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  accepted: '已通过',
}

export const VERSION_TAG: Record<SubmissionStatus, 'info' | 'warning' | 'danger' | 'success'> = {
  draft: 'info',
  submitted: 'warning',
  returned: 'danger',
  accepted: 'success',
}

export const CHANNELS: Record<Channel, string> = { wechat: '群聊', miniprogram: '小程序', admin: '后台' }

export const when = (iso?: string | null): string => (iso ? new Date(iso).toLocaleString('zh-CN') : '—')
