import { Schema, type Connection, type Model } from 'mongoose'

/**
 * The 主管部门's acceptance of a secondary unit's submission version, in rounds that ask for it
 * (round.departmentReview). The bureau's final accept requires one. Its own collection so the submission
 * service and its state machine stay unchanged.
 */
export interface DepartmentReview {
  submissionId: string
  by: string
  at: Date
}

const schema = new Schema<DepartmentReview>({
  submissionId: { type: String, required: true, unique: true },
  by: { type: String, required: true },
  at: { type: Date, required: true },
})

export function departmentReviewModel(conn: Connection): Model<DepartmentReview> {
  return (conn.models.DepartmentReview as Model<DepartmentReview>) ?? conn.model<DepartmentReview>('DepartmentReview', schema)
}
