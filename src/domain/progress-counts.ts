/** Counts of a round's units by where they stand: on time = complete by the unit's deadline. */
export interface ProgressCounts {
  expected: number
  onTime: number
  late: number
  partial: number
  /** not complete (includes partial) */
  missing: number
}
