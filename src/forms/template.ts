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
  /** how the block is printed in the bureau's standard table (printed-table.ts); absent: not printed */
  sheet?: FundLinesSheet
}

/**
 * The printed table's own words for a fund-lines block: the caption over the lines, and for a project
 * the goal rows — its 年度总体目标 (from the project) beside the answer that reports on it.
 *   { caption: '项目资金（万元）', goal: { label: '年度总体目标', progress: { key: 'goalProgress', label: '目标完成情况' } } }
 */
export interface FundLinesSheet {
  caption: string
  goal?: { label: string; progress: { key: string; label: string } }
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
  /** the table's full title: "项目支出绩效目标执行监控表" (chat, e-mails, exports) */
  title: string
  /** the short one, where one line per unit must stay short (a merged shared-group list): "项目支出表" */
  shortTitle: string
  /** the groups repeat per project (all of the unit's projects, or those the county arranged) */
  repeat: 'none' | 'projects' | 'county-projects'
  groups: GroupSpec[]
}
