/**
 * The shapes of the notices API as the browser receives them (dates are ISO strings in JSON).
 * The server's definitions are src/services/notices/notice-service.ts and notice-status.ts.
 */
import type { NoticeTargets } from '../../../src/domain/notice-targets'
import type { NoticeDelivery } from '../../../src/services/notices/notice-status'

export type { NoticeTargets, NoticeDelivery }

export interface NoticeSummary {
  id: string
  title: string
  targets: string
  units: number
  groups: number
  noGroup: { unitCode: string; unitName: string }[]
  sendAt: string
  status: 'draft' | 'queued' | 'discarded'
  acknowledged: number
}

export interface NoticePreview {
  targets: string
  units: number
  groups: number
  noGroup: { unitCode: string; unitName: string }[]
  timezone: string
}

export interface NoticeUnitStatus {
  unitCode: string
  unitName: string
  delivery: NoticeDelivery
  roomTopic?: string
  sentAt?: string
  error?: string
  acknowledged: boolean
  ackBy?: string
  ackAt?: string
}

export interface NoticeStatus {
  id: string
  title: string
  targets: string
  sendAt: string
  ackRequired: boolean
  ackKeyword: string
  followUpAt?: string
  followedUpAt?: string
  counts: {
    units: number
    groups: number
    delivered: number
    pending: number
    failed: number
    noGroup: number
    acknowledged: number
    notAcknowledged: number
  }
  units: NoticeUnitStatus[]
  timezone: string
}

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
