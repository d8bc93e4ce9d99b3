/**
 * The shapes of the notices API as the browser receives them: the server's own types
 * (src/services/notices/notice-service.ts, notice-status.ts) with dates as ISO strings.
 */
import type { NoticeTargets } from '../../../src/domain/notice-targets'
import type {
  NoticeDelivery,
  NoticeStatus as ServerStatus,
  NoticeUnitStatus as ServerUnitStatus,
} from '../../../src/services/notices/notice-status'
import type {
  NoticePreview as ServerPreview,
  NoticeSummary as ServerSummary,
} from '../../../src/services/notices/notice-service'
import type { Json } from './json'

export type { NoticeTargets, NoticeDelivery }

export type NoticeSummary = Json<ServerSummary>
export type NoticePreview = Json<ServerPreview> & { timezone: string }
export type NoticeUnitStatus = Json<ServerUnitStatus>
export type NoticeStatus = Json<ServerStatus> & { timezone: string }

export interface FollowUpResult {
  groups: number
  units: number
  message: string
}

/** A unit of the directory (GET /api/admin/units), as the target pickers need it. */
export interface DirectoryUnit {
  code: string
  name: string
  kind: 'department' | 'secondary' | 'township'
  parentCode?: string
  tags: string[]
}
