import { Schema, type Connection, type Model } from 'mongoose'
import type { DepartmentReview } from '../../domain/department-review.js'

export type { DepartmentReview } from '../../domain/department-review.js'

const schema = new Schema<DepartmentReview>({
  submissionId: { type: String, required: true, unique: true },
  by: { type: String, required: true },
  at: { type: Date, required: true },
})

export function departmentReviewModel(conn: Connection): Model<DepartmentReview> {
  return (
    (conn.models.DepartmentReview as Model<DepartmentReview>) ??
    conn.model<DepartmentReview>('DepartmentReview', schema)
  )
}
