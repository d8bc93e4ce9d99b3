import type { z } from 'zod'
import type { Condition } from './condition.js'

/** The question kinds; each has one module under ./kinds/. */
export const KIND_NAMES = [
  'money',
  'percent',
  'number',
  'integer',
  'choice',
  'multi-choice',
  'yes-no',
  'text',
  'date',
  'url',
] as const
export type KindName = (typeof KIND_NAMES)[number]

/** A field as a template writes it (data): `{ key: 'executed', label: '1-N月执行数', kind: 'money' }`. */
export interface FieldSpec {
  key: string
  label: string
  kind: KindName
  /** default true; optional fields may be skipped with 跳过 */
  required?: boolean
  options?: readonly string[]
  minLength?: number
  /** unit of measure shown after a number: 户, 公里, 天 */
  measure?: string
  allowOver100?: boolean
  /** date: "未完成" / "无" is an answer (stored as null) */
  allowNone?: boolean
  help?: string
  example?: string
}

/**
 * A concrete question after the template was expanded against the context, e.g.
 * path "projects.P001.funds.total.executed", label "1-6月执行数·年度资金总额".
 */
export interface Question extends FieldSpec {
  path: string
  required: boolean
  /** money: the line's budget in 分, to catch a 元/万元 slip ("12.5" against a budget of 30万) */
  budgetFen?: number
  /** date: the year assumed for "7月10日" */
  defaultYear?: number
  /** compare with last round's answer at the same path (cumulative amounts must not fall) */
  compare?: 'cumulative'
  /** asked only when this holds (e.g. the line is flagged) */
  when?: Condition
}

export type ParseOutcome =
  | { ok: true; value: unknown }
  | { ok: false; error: string }
  | { ok: 'ambiguous'; question: string; options: { label: string; value: unknown }[] }

/** One question kind: renders its hint, parses and validates a reply, formats a stored value. */
export interface QuestionKind {
  name: KindName
  /** a short hint shown with the prompt: "金额，单位元，可写“12.5万”" */
  hint(q: Question): string
  example(q: Question): string
  parse(text: string, q: Question): ParseOutcome
  format(value: unknown, q: Question): string
  /** zod schema of a stored value (mini-program submissions are checked with it) */
  schema(q: Question): z.ZodType
}
