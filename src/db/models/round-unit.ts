import { Schema, type Connection, type Model } from 'mongoose'
import { PLATFORM_ENTRY_SOURCES } from '../../domain/platform-entry.js'
import { FORM_CODES, type RoundUnit } from '../../domain/types.js'

const roundUnitSchema = new Schema<RoundUnit>(
  {
    roundId: { type: String, required: true },
    unitCode: { type: String, required: true },
    forms: { type: [String], enum: FORM_CODES, default: [] },
    extensionUntil: Date,
    submitted: { type: [String], enum: FORM_CODES, default: [] },
    complete: { type: Boolean, default: false },
    completedAt: Date,
    reopened: { type: Boolean, default: false },
    // kept by the submission service; `{}` must be stored (not minimised away): it means "no version yet"
    heads: { type: Schema.Types.Mixed },
    fullHeads: Boolean,
    locked: Boolean,
    // absent until the unit is entered in the provincial platform (src/domain/platform-entry.ts)
    platformEntry: {
      type: new Schema(
        {
          at: { type: Date, required: true },
          by: { type: String, required: true },
          source: { type: String, enum: PLATFORM_ENTRY_SOURCES, required: true },
        },
        { _id: false },
      ),
      required: false,
    },
  },
  { timestamps: true, minimize: false },
)
roundUnitSchema.index({ roundId: 1, unitCode: 1 }, { unique: true })
// sweeps ask "who in this round is still missing something"
roundUnitSchema.index({ roundId: 1, complete: 1 })
// the history repair's candidates: round units written since its last run
roundUnitSchema.index({ updatedAt: 1 })

export function roundUnitModel(conn: Connection): Model<RoundUnit> {
  return (conn.models.RoundUnit as Model<RoundUnit>) ?? conn.model<RoundUnit>('RoundUnit', roundUnitSchema)
}
