import type { Mention } from './outbox-message.js'
import type { NoticeTargets } from './notice-targets.js'

/**
 * A broadcast notice (通知) and where it went. `routes` are fixed when the notice is queued: one per
 * group, each the outbox message `notice:<id>:<roomId>` (a shared group gets one message for all its
 * target units); units with no bound group are kept in `noGroup` so the status lists them.
 * Acknowledgements are embedded, at most one per unit (a conditional $push), with who and when.
 * A notice made in the bureau group is a 'draft' until the sender answers 确认.
 */
export interface NoticeRoute {
  roomId: string
  roomTopic: string
  account: string
  kind: 'unit-room' | 'shared-room'
  unitCodes: string[]
  key: string
  /** who the message @mentions: the unit's finance contacts, or in a shared group the bound members */
  mentions: Mention[]
}

export interface NoticeAck {
  unitCode: string
  memberId: string
  memberName: string
  roomId: string
  at: Date
  via: 'keyword' | 'quote'
}

export interface Notice {
  title: string
  body: string
  targets: NoticeTargets
  unitCodes: string[]
  ackRequired: boolean
  ackKeyword: string
  sendAt: Date
  followUpAfterMinutes?: number
  followUpAt?: Date
  followedUpAt?: Date
  status: 'draft' | 'queued' | 'discarded'
  routes: NoticeRoute[]
  noGroup: string[]
  acks: NoticeAck[]
  createdBy: { kind: 'admin' | 'chat'; name: string; id?: string }
  createdAt: Date
}

/** A stored notice with its id (a string outside src/db). */
export type NoticeRecord = Notice & { id: string }
