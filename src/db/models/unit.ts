import { Schema, type Connection, type Model } from 'mongoose'
import type { Unit } from '../../domain/types.js'

const budgetLine = { initial: { type: Number, required: true }, adjusted: Number }

export const indicatorSchema = new Schema(
  {
    code: { type: String, required: true },
    level1: { type: String, required: true },
    level2: { type: String, required: true },
    name: { type: String, required: true },
    comparator: { type: String, enum: ['>=', '<=', '='], required: true },
    target: { type: Schema.Types.Mixed, required: true },
    measure: { type: String, default: '' },
    basis: { type: String, enum: ['cumulative', 'cap', 'level', 'milestone', 'qualitative'], required: true },
    level1Code: String,
    level2Code: String,
  },
  { _id: false },
)

const contactSchema = new Schema(
  {
    name: { type: String, required: true },
    wechatName: String,
    phone: String,
    email: String,
    role: { type: String, enum: ['finance', 'head'], required: true },
  },
  { _id: false },
)

const unitSchema = new Schema<Unit>(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    kind: { type: String, enum: ['department', 'secondary', 'township'], required: true },
    parentCode: { type: String, index: true },
    tags: { type: [String], default: [], index: true },
    contacts: { type: [contactSchema], default: [] },
    budget: {
      type: new Schema({ total: budgetLine, basic: budgetLine, project: budgetLine }, { _id: false }),
      required: false,
    },
    indicators: { type: [indicatorSchema], default: [] },
  },
  { timestamps: true },
)
// the reminder repository's snapshot check reads the newest updatedAt (unit-binding-snapshot.ts)
unitSchema.index({ updatedAt: -1 })

export function unitModel(conn: Connection): Model<Unit> {
  return (conn.models.Unit as Model<Unit>) ?? conn.model<Unit>('Unit', unitSchema)
}
