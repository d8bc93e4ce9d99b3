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
