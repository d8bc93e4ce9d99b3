/** The shapes the admin API answers with; the board's come from the server's own (type-only) definitions. */
export type { BoardCounts, BoardGroup, BoardRow, BoardStatus } from '../../../src/domain/round-board'

export interface RoundSummary {
  id: string
  title: string
  year: number
  endMonth: number
  status: 'draft' | 'open' | 'closed' | 'locked'
  dueAt: string
}

export interface RemindResult {
  queued: number
  message: string
  units: { unitCode: string; result: 'queued' | 'not-in-round' | 'complete' | 'unreachable'; message: string }[]
}
