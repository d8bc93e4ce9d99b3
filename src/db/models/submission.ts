import { Schema, type Connection, type Model, type Types } from 'mongoose'
import { FORM_CODES, type Submission } from '../../domain/types.js'

export type SubmissionDoc = Omit<Submission, 'id'> & { _id: Types.ObjectId }

const submissionSchema = new Schema<SubmissionDoc>(
  {
    roundId: { type: String, required: true },
    unitCode: { type: String, required: true },
    form: { type: String, enum: FORM_CODES, required: true },
    version: { type: Number, required: true, min: 1 },
    status: { type: String, enum: ['draft', 'submitted', 'returned', 'accepted'], required: true },
    answers: { type: Schema.Types.Mixed, default: {} },
    computed: { type: Schema.Types.Mixed, default: {} },
    by: { type: String, required: true },
    channel: { type: String, enum: ['wechat', 'miniprogram', 'admin'], required: true },
    submittedAt: Date,
    firstSubmittedAt: Date,
    onTime: Boolean,
    comment: String,
    reviewedBy: String,
    reviewedAt: Date,
    seq: Number,
  },
  { timestamps: { createdAt: true, updatedAt: true }, minimize: false },
)
// one row per version; the unique index is what makes concurrent "new version" writes safe
submissionSchema.index({ roundId: 1, unitCode: 1, form: 1, version: 1 }, { unique: true })
submissionSchema.index({ roundId: 1, status: 1 })
// the history append's filter, exactly (mongo-java-server 1.47 answers a filter from an index only when
// the filter's keys are exactly a unique index's; `_id` alone would leave the `seq` guard to a scan)
submissionSchema.index({ _id: 1, seq: 1 }, { unique: true })

export function submissionModel(conn: Connection): Model<SubmissionDoc> {
  return (conn.models.Submission as Model<SubmissionDoc>) ?? conn.model<SubmissionDoc>('Submission', submissionSchema)
}

export function toSubmission(doc: SubmissionDoc): Submission {
  const { _id, ...rest } = doc as SubmissionDoc & { __v?: number }
  delete (rest as { __v?: number }).__v
  return { ...rest, id: String(_id) }
}
