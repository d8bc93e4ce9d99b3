import type { Indicator } from '../../domain/types.js'
import type { PrintedLine } from '../../forms/printed-table.js'
import type { PlatformField } from './platform-fields.js'

/** A cell value before writing: money stays in 分 (the writer converts it to the column's unit). */
export type PlatformValue = string | number | { fen: number } | undefined
export type PlatformRecord = Partial<Record<PlatformField, PlatformValue>>

/** Who and what one table is about: a project of a unit, or a unit's department-wide table. */
export interface TableScope {
  unit: { code: string; name: string; parentCode?: string }
  deptName: string
  project?: { code: string; name: string; goal: string }
  /** the table's first fund line (年度资金总额 / 部门预算总额) as printed */
  total?: PrintedLine
  indicators: Indicator[]
  answers: Record<string, unknown>
  /** where this table's answers start: 'projects.P1.' or '' */
  prefix: string
  reportDate: string
}

const CMP = { '>=': '≥', '<=': '≤', '=': '=' } as const

/** An answer as the platform's cell: numbers stay numbers, 未完成 for a milestone not reached, 是/否. */
function answer(v: unknown): string | number | undefined {
  if (v === undefined || v === '') return undefined
  if (v === null) return '未完成'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (typeof v === 'number') return v
  if (Array.isArray(v)) return v.map(String).join('、')
  return String(v)
}

/**
 * The rows of the platform's import template for one table: one per indicator (the table's own
 * columns repeated on each, as the template keys every row by its codes), or one bare row when the
 * table has no indicators. 偏差原因分析 is the categories then the explanation ("经费保障：上级资金6月底才下达"),
 * 备注 the 纠偏措施.
 */
export function platformRecords(t: TableScope): PlatformRecord[] {
  const fen = (v: number | null | undefined) => (v === null || v === undefined ? undefined : { fen: v })
  const line = t.total
  const base: PlatformRecord = {
    unitCode: t.unit.code,
    unitName: t.unit.name,
    deptCode: t.unit.parentCode ?? t.unit.code,
    deptName: t.deptName,
    projectCode: t.project?.code,
    projectName: t.project?.name,
    goal: t.project?.goal || undefined,
    goalProgress: answer(t.answers[`${t.prefix}goalProgress`]),
    budgetInitial: fen(line?.initial),
    budgetAdjusted: fen(line ? (line.adjusted ?? line.initial) : undefined),
    budgetAdjustment: fen(line ? (line.adjusted ?? line.initial) - line.initial : undefined),
    executed: fen(line?.executed),
    expectedFullYear: fen(line?.expected),
    rate: line?.rate ?? undefined,
    reportDate: t.reportDate,
  }
  if (t.indicators.length === 0) return [base]
  return t.indicators.map((ind) => {
    const key = `${t.prefix}indicators.${ind.code}`
    const a = (k: string) => t.answers[`${key}.${k}`]
    const reasons = answer(a('dev.reasons'))
    const explanation = answer(a('dev.explanation'))
    const measures = answer(a('dev.measures'))
    return {
      ...base,
      indicatorL1Code: ind.level1Code,
      indicatorL1Name: ind.level1,
      indicatorL2Code: ind.level2Code,
      indicatorL2Name: ind.level2,
      indicatorL3Code: ind.code,
      indicatorL3Name: ind.name,
      indicatorValue: typeof ind.target === 'number' ? ind.target : String(ind.target),
      operator: ind.basis === 'qualitative' ? undefined : CMP[ind.comparator],
      measureUnit: ind.measure || undefined,
      actual: answer(a('actual')),
      expectedCompletion: answer(a('expected')),
      deviationReason: [reasons, explanation].filter((x) => x !== undefined).join('：') || undefined,
      likelihood: answer(a('dev.likelihood')),
      remark: measures === undefined ? undefined : `纠偏措施：${measures}`,
    }
  })
}
