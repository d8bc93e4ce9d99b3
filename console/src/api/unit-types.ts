/**
 * The unit page's shapes as the admin API sends them (GET /api/admin/rounds/:roundId/units/:unitCode…):
 * the server's own types (src/services/review/unit-page.ts) with dates as ISO strings.
 */
import type { Channel, SubmissionStatus } from '../../../src/domain/types'
import type * as Server from '../../../src/services/review/unit-page'
import type { Json } from './json'

export type { SubmissionStatus }

export type UnitProfile = Json<Server.UnitProfile>
export type ShownTable = Json<Server.FormTables['tables'][number]>
export type RowFlag = ShownTable['lineFlags'][number]
export type PrintedLine = ShownTable['lines'][number]
export type FormTables = Json<Server.FormTables>
export type VersionHead = FormTables['submission']
export type VersionEntry = Json<Server.VersionEntry>
export type UnitMessage = Json<Server.UnitMessage>

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
