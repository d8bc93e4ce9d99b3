import { z } from 'zod'
import { activeQuestions } from './active.js'
import { runChecks } from './checks.js'
import { computeValues } from './compute.js'
import { expandForm } from './expand.js'
import { kindOf } from './kinds/index.js'
import type { FormContext } from './context.js'
import type { FormTemplate } from './template.js'

export interface SubmissionInput { answers: Record<string, unknown> }

/**
 * The zod schema of a complete submission `{ answers }` for this template and context — the HTTP API
 * validates mini-program submissions with exactly this, and a finished dialog's payload passes it.
 * Field types come from the question kinds; conditional questions (deviation explanations, reasons
 * for executing above budget) are required exactly when the computed flags call for them.
 */
export function buildSubmissionSchema(template: FormTemplate, ctx: FormContext): z.ZodType<SubmissionInput> {
  const x = expandForm(template, ctx)
  const shape: Record<string, z.ZodType> = {}
  for (const q of x.questions) {
    const base = kindOf(q.kind).schema(q)
    shape[q.path] = q.required && !q.when ? base : base.nullable().optional()
  }
  const answers = z.strictObject(shape, { error: (iss) => (iss.code === 'unrecognized_keys' ? '未知字段' : '须为对象') })
  return z.object({ answers }).superRefine((v, c) => {
    for (const issue of conditionalIssues(template, ctx, v.answers as Record<string, unknown>)) {
      c.addIssue({ code: 'custom', path: ['answers', issue.path], message: issue.message })
    }
  }) as z.ZodType<SubmissionInput>
}

/**
 * What only the computed flags reveal: deviation explanations a lagging line needs, reasons for
 * executing above budget, cross-field checks. Also run on a payload that failed the field types, so
 * that one 422 names every failing field.
 */
export function conditionalIssues(template: FormTemplate, ctx: FormContext, a: Record<string, unknown>): { path: string; message: string }[] {
  const x = expandForm(template, ctx)
  const computed = computeValues(template, ctx, a)
  const out: { path: string; message: string }[] = []
  for (const q of activeQuestions(x, computed)) {
    const missing = a[q.path] === undefined || (q.required && a[q.path] === null && !q.allowNone)
    if (missing && (q.when || q.required)) out.push({ path: q.path, message: `${q.label}：必填` })
  }
  for (const f of runChecks(x.blocks.flatMap((b) => b.checks), a)) out.push({ path: f.paths[0], message: f.message })
  return out
}
