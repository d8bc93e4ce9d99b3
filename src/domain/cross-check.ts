import type { Fen } from './types.js'

/**
 * The check the bureau does by hand between two tables of one unit and round: the department table's
 * 项目支出 (executed and expected for the year) should equal the sum of the projects' 年度资金总额 in
 * the unit's project table. A difference is a warning the clerk confirms or corrects, never a block:
 * a department may have project spending outside the monitored projects.
 */

/** Where the department table keeps the two figures (see src/forms/templates/department.ts). */
export const DEPARTMENT_PROJECT_FIGURES = {
  executed: 'funds.project.executed',
  expected: 'funds.project.expected',
} as const
export type CrossColumn = keyof typeof DEPARTMENT_PROJECT_FIGURES

/** The project table's sums a department table is checked against; `source` names the version, "项目表第 2 版". */
export interface ProjectTableSums {
  projectExecutedFen: Fen
  projectExpectedFen: Fen
  source: string
}

export interface CrossDifference {
  column: CrossColumn
  /** the department table's answer path */
  path: string
  valueFen: Fen
  sumFen: Fen
  /** value − sum: positive when the department table says more */
  diffFen: Fen
}

// "projects.P1.funds.total.executed": a project's 年度资金总额 line (project codes may hold dots)
const PROJECT_TOTAL = /^projects\.(.+)\.funds\.total\.(executed|expected)$/

const isFen = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

/**
 * The sums of a project table's answers, exact in 分: Σ projects.*.funds.total.executed and .expected.
 * Null when the table holds no project total at all, or a sum leaves the exact range.
 */
export function projectTableSums(answers: Record<string, unknown>, source: string): ProjectTableSums | null {
  let executed = 0n
  let expected = 0n
  let seen = false
  for (const [path, v] of Object.entries(answers)) {
    const m = PROJECT_TOTAL.exec(path)
    if (!m || !isFen(v)) continue
    seen = true
    if (m[2] === 'executed') executed += BigInt(v)
    else expected += BigInt(v)
  }
  const max = BigInt(Number.MAX_SAFE_INTEGER)
  if (!seen || executed > max || expected > max) return null
  return { projectExecutedFen: Number(executed), projectExpectedFen: Number(expected), source }
}

/** The department figures that differ from the project table's sums (a figure not answered yet is skipped). */
export function crossDifferences(answers: Record<string, unknown>, sums: ProjectTableSums): CrossDifference[] {
  const out: CrossDifference[] = []
  for (const column of ['executed', 'expected'] as const) {
    const path = DEPARTMENT_PROJECT_FIGURES[column]
    const value = answers[path]
    const sumFen = column === 'executed' ? sums.projectExecutedFen : sums.projectExpectedFen
    if (!isFen(value) || value === sumFen) continue
    out.push({ column, path, valueFen: value, sumFen, diffFen: value - sumFen })
  }
  return out
}
