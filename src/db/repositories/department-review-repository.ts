import type { Connection } from 'mongoose'
import type { DepartmentReview } from '../../domain/department-review.js'
import { departmentReviewModel } from '../models/department-review.js'

/** The 主管部门's acceptances (ReviewService's DepartmentReviews) on MongoDB, one per submission. */
export class DepartmentReviewRepository {
  private reviews
  constructor(conn: Connection) {
    this.reviews = departmentReviewModel(conn)
  }

  of(submissionId: string): Promise<Pick<DepartmentReview, 'by' | 'at'> | null> {
    return this.reviews.findOne({ submissionId }, { _id: 0, by: 1, at: 1 }).lean()
  }

  /** records the acceptance unless one is there already */
  async record(r: DepartmentReview): Promise<void> {
    await this.reviews.updateOne({ submissionId: r.submissionId }, { $setOnInsert: r }, { upsert: true })
  }

  async exists(submissionId: string): Promise<boolean> {
    return Boolean(await this.reviews.exists({ submissionId }))
  }
}
