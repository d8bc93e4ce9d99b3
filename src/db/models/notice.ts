import { Schema, type Connection, type Model, type Types } from 'mongoose'
import type { Notice } from '../../domain/notice.js'

export type { Notice, NoticeAck, NoticeRecord, NoticeRoute } from '../../domain/notice.js'

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
    routes: {
      type: [
        {
          _id: false,
          roomId: String,
          roomTopic: String,
          account: String,
          kind: String,
          unitCodes: [String],
          key: String,
          mentions: Schema.Types.Mixed,
        },
      ],
      default: [],
    },
    noGroup: { type: [String], default: [] },
    acks: {
      type: [
        { _id: false, unitCode: String, memberId: String, memberName: String, roomId: String, at: Date, via: String },
      ],
      default: [],
    },
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
