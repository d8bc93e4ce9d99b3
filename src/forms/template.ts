import type { FormCode } from '../domain/types.js'
import type { FieldSpec } from './question.js'

/**
 * A monitoring table as data. The same template drives the chat dialog, the zod schema, the
 * mini-program description and the export. Labels may contain "{period}" (→ "1-6月").
 *
 *   { type: 'fund-lines', id: 'funds', lines: [{ key: 'total', label: '年度资金总额' }, …],
 *     budget: 'project', executed: { key: 'executed', … }, expected: { key: 'expected', … } }
 */
export interface FundLinesGroup {
  type: 'fund-lines'
  id: string
  title: string
  lines: { key: string; label: string }[]
  /** where each line's budget comes from (context, pre-filled; asked only if missing) */
  budget: 'project' | 'department' | 'county-arranged'
  /** the cumulative executed column, judged against time progress */
  executed: FieldSpec
  /** other columns asked per line: 全年预计执行数 (not below executed) or 已下达数 (not below paid) */
  others: (FieldSpec & { notBelowExecuted?: boolean })[]
  /** total = sum of parts, where all are given: { total: 'total', parts: ['fiscal', 'other'] } */
  sum?: { total: string; parts: string[] }
  /** fields asked once per group after the lines, e.g. 年度总体目标完成情况 */
  extra?: FieldSpec[]
  /** asked for a lagging line only */
  deviation: FieldSpec[]
}

/** One row per indicator (from the project or the department); deviation fields for deviating rows. */
export interface IndicatorsGroup {
  type: 'indicators'
  id: string
  title: string
  source: 'project' | 'department'
  deviation: FieldSpec[]
}

export interface FieldsGroup {
  type: 'fields'
  id: string
  title: string
  fields: FieldSpec[]
}

export type GroupSpec = FundLinesGroup | IndicatorsGroup | FieldsGroup

export interface FormTemplate {
  /** versioned id: "project@1" */
  id: string
  code: FormCode
  version: number
  title: string
  /** the groups repeat per project (all of the unit's projects, or those the county arranged) */
  repeat: 'none' | 'projects' | 'county-projects'
  groups: GroupSpec[]
}
