import { Schema, type Connection, type Model, type Types } from 'mongoose'
import type { NoticeTargets } from '../../domain/notice-targets.js'
import type { Mention } from '../../domain/outbox-message.js'

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

export type NoticeDoc = Notice & { _id: Types.ObjectId }

const noticeSchema = new Schema<NoticeDoc>(
  {
    title: { type: String, required: true },
    body: { type: String, default: '' },
    targets: { type: Schema.Types.Mixed, required: true },
    unitCodes: { type: [String], default: [] },
    ackRequired: { type: Boolean, default: true },
    ackKeyword: { type: String, default: '收到' },
    sendAt: { type: Date, required: true },
    followUpAfterMinutes: Number,
    followUpAt: Date,
    followedUpAt: Date,
    status: { type: String, enum: ['draft', 'queued', 'discarded'], required: true },
    routes: { type: [{ _id: false, roomId: String, roomTopic: String, account: String, kind: String, unitCodes: [String], key: String, mentions: Schema.Types.Mixed }], default: [] },
    noGroup: { type: [String], default: [] },
    acks: { type: [{ _id: false, unitCode: String, memberId: String, memberName: String, roomId: String, at: Date, via: String }], default: [] },
    createdBy: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'notices', minimize: false },
)
// the ack hook: notices sent to this room lately; the follow-up job: due follow-ups not yet done
noticeSchema.index({ 'routes.roomId': 1, status: 1, sendAt: -1 })
noticeSchema.index({ status: 1, followUpAt: 1, followedUpAt: 1 })
noticeSchema.index({ status: 1, createdAt: -1 })

export function noticeModel(conn: Connection): Model<NoticeDoc> {
  return (conn.models.Notice as Model<NoticeDoc>) ?? conn.model<NoticeDoc>('Notice', noticeSchema)
}
