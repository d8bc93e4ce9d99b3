import type { ProjectTableSums } from '../domain/cross-check.js'
import type { DepartmentBudget, Indicator, Project } from '../domain/types.js'

/**
 * Everything a form needs besides the answers: the unit, its projects (budgets, targets), the round,
 * last round's answers for comparison, and the time (ISO) — the engine never reads a clock.
 */
export interface FormContext {
  unit: { code: string; name: string }
  projects: Project[]
  department?: { budget?: DepartmentBudget; indicators: Indicator[] }
  round: { year: number; endMonth: number; tolerance: number; jumpFactor: number }
  /** last round's answers, keyed by the same field paths */
  previous?: Record<string, unknown>
  now: string
  /** 'block': related questions in one message (default); 'single': one question per message */
  mode?: 'block' | 'single'
  /**
   * The department table only: the sums of the unit's project table submitted this round, to compare
   * its 项目支出 figures with (src/domain/cross-check.ts). Absent when no project table is submitted.
   */
  crossCheck?: ProjectTableSums
}
