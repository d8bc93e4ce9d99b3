import { periodLabel } from '../domain/time-progress.js'
import { describeCondition, holds, type Condition } from './condition.js'
import { computeValues } from './compute.js'
import { expandForm, type Check, type Scope } from './expand.js'
import { kindOf } from './kinds/index.js'
import type { FormContext } from './context.js'
import type { KindName } from './question.js'
import type { FormTemplate } from './template.js'

export interface FieldDescription {
  path: string
  label: string
  kind: KindName
  required: boolean
  options?: readonly string[]
  measure?: string
  minLength?: number
  allowOver100?: boolean
  allowNone?: boolean
  /** money: the line's budget in 分 (pre-filled from the context, not asked) */
  budget?: number
  hint: string
  example: string
  /** last round's answer at this path, for display and comparison */
  previous?: unknown
  /** the current answer, when answers were given */
  value?: unknown
  when?: Condition & { text: string }
}

export interface GroupDescription {
  id: string
  title: string
  scope?: Scope
  intro: string[]
  when?: Condition & { text: string }
  active: boolean
  fields: FieldDescription[]
}

/** The JSON the mini-program renders: one group per chat block, with the rules to show conditionals. */
export interface FormDescription {
  id: string
  code: string
  title: string
  unit: { code: string; name: string }
  period: string
  timeProgress: number
  /** money is in 分; percent in points (45 = 45 %); dates "YYYY-MM-DD" */
  units: { money: 'fen'; percent: 'points'; date: 'iso' }
  groups: GroupDescription[]
  checks: Check[]
}

const withText = (c: Condition | undefined): (Condition & { text: string }) | undefined =>
  c ? { ...c, text: describeCondition(c) } : undefined

/**
 * Describes the form for this context (and, optionally, the answers so far: values and which
 * conditional groups apply now). Example field:
 *   { path: "projects.P1.funds.total.executed", label: "年度资金总额·1-6月执行数", kind: "money",
 *     required: true, budget: 35000000, hint: "金额，单位元，可写“12.5万”", example: "15万" }
 */
export function describeForm(
  template: FormTemplate,
  ctx: FormContext,
  answers: Record<string, unknown> = {},
): FormDescription {
  const x = expandForm(template, ctx)
  const c = computeValues(template, ctx, answers)
  // the chat's shared deviation blocks are a way of asking, not fields: the per-line groups describe them
  const groups = x.blocks
    .filter((b) => !b.share)
    .map((b): GroupDescription => ({
      id: b.id,
      title: b.title,
      ...(b.scope ? { scope: b.scope } : {}),
      intro: b.intro,
      ...(b.when ? { when: withText(b.when) } : {}),
      active: holds(b.when, c),
      fields: b.questions.map((q) => {
        const k = kindOf(q.kind)
        const f: FieldDescription = {
          path: q.path,
          label: q.label,
          kind: q.kind,
          required: q.required,
          hint: k.hint(q),
          example: q.example ?? k.example(q),
        }
        if (q.options) f.options = q.options
        if (q.measure) f.measure = q.measure
        if (q.minLength) f.minLength = q.minLength
        if (q.allowOver100) f.allowOver100 = true
        if (q.allowNone) f.allowNone = true
        if (q.budgetFen !== undefined) f.budget = q.budgetFen
        if (ctx.previous?.[q.path] !== undefined) f.previous = ctx.previous[q.path]
        if (answers[q.path] !== undefined) f.value = answers[q.path]
        if (q.when) f.when = withText(q.when)
        return f
      }),
    }))
  return {
    id: template.id,
    code: template.code,
    title: template.title,
    unit: ctx.unit,
    period: periodLabel(ctx.round.endMonth),
    timeProgress: c.timeProgress,
    units: { money: 'fen', percent: 'points', date: 'iso' },
    groups,
    checks: x.blocks.flatMap((b) => b.checks),
  }
}
