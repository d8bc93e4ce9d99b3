import { Schema, type Connection, type Model, type Types } from 'mongoose'
import type { Round } from '../../domain/types.js'

export type RoundDoc = Omit<Round, 'id' | 'previousRoundId'> & { _id: Types.ObjectId; previousRoundId?: string }

export const DEFAULT_REMINDERS = {
  daysBefore: [7, 3, 1],
  time: '09:00',
  dueDayTimes: ['09:00', '16:00'],
  quietStart: '21:00',
  quietEnd: '08:30',
}
export const DEFAULT_ESCALATION = { headEmailDay: 1, digestFromDay: 2 }

const roundSchema = new Schema<RoundDoc>(
  {
    title: { type: String, required: true },
    year: { type: Number, required: true },
    endMonth: { type: Number, required: true, min: 1, max: 12 },
    dueAt: { type: Date, required: true },
    lockAt: Date,
    tolerance: { type: Number, default: 0 },
    jumpFactor: { type: Number, default: 3 },
    status: { type: String, enum: ['draft', 'open', 'closed', 'locked'], default: 'draft', index: true },
    reminders: {
      daysBefore: { type: [Number], default: DEFAULT_REMINDERS.daysBefore },
      time: { type: String, default: DEFAULT_REMINDERS.time },
      dueDayTimes: { type: [String], default: DEFAULT_REMINDERS.dueDayTimes },
      quietStart: { type: String, default: DEFAULT_REMINDERS.quietStart },
      quietEnd: { type: String, default: DEFAULT_REMINDERS.quietEnd },
    },
    escalation: {
      headEmailDay: { type: Number, default: DEFAULT_ESCALATION.headEmailDay },
      digestFromDay: { type: Number, default: DEFAULT_ESCALATION.digestFromDay },
    },
    previousRoundId: String,
    departmentReview: { type: Boolean, default: false },
    requirePlatformEntry: { type: Boolean, default: false },
  },
  { timestamps: true },
)
roundSchema.index({ year: 1, endMonth: 1, title: 1 }, { unique: true })

export function roundModel(conn: Connection): Model<RoundDoc> {
  return (conn.models.Round as Model<RoundDoc>) ?? conn.model<RoundDoc>('Round', roundSchema)
}

export function toRound(doc: RoundDoc): Round {
  const { _id, ...rest } = doc as RoundDoc & { __v?: number; createdAt?: Date; updatedAt?: Date }
  delete (rest as { __v?: number }).__v
  return { ...rest, id: String(_id) } as Round
}
