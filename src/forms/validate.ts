import { runChecks } from './checks.js'
import { computeValues, type Computed } from './compute.js'
import { expandForm } from './expand.js'
import { kindOf } from './kinds/index.js'
import { buildSubmissionSchema, conditionalIssues, parseSubmissionFields } from './schema.js'
import type { z } from 'zod'
import type { FormContext } from './context.js'
import type { FormTemplate } from './template.js'

/** A field error for the mini-program: path is the answer key ("projects.P001.funds.total.executed"). */
export interface FieldError {
  path: string
  message: string
}

export type ValidationResult =
  { ok: true; value: { answers: Record<string, unknown> }; computed: Computed } | { ok: false; errors: FieldError[] }

function toErrors(
  issues: z.core.$ZodIssue[],
  labelOf: (path: string) => string | undefined,
  answers: Record<string, unknown>,
): FieldError[] {
  const out: FieldError[] = []
  for (const i of issues) {
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) out.push({ path: k, message: `未知字段：${k}` })
      continue
    }
    const path = i.path.length >= 2 ? String(i.path[1]) : i.path.map(String).join('.')
    const label = labelOf(path)
    const message =
      i.code === 'custom'
        ? i.message
        : answers[path] === undefined && label
          ? `${label}：必填`
          : `${label ?? path}：${i.message}`
    if (!out.some((e) => e.path === path && e.message === message)) out.push({ path, message })
  }
  return out
}

/** Validates a complete submission `{ answers }` and returns the computed rates and flags with it. */
export function validateSubmission(template: FormTemplate, ctx: FormContext, payload: unknown): ValidationResult {
  const x = expandForm(template, ctx)
  // the common case, a valid submission: the field types, then the conditional checks with the values
  // computed once (both are what buildSubmissionSchema checks; it names every failing field below)
  const fields = parseSubmissionFields(x, payload)
  if (fields.success) {
    const computed = computeValues(template, ctx, fields.data.answers)
    if (conditionalIssues(template, ctx, fields.data.answers, computed).length === 0)
      return { ok: true, value: fields.data, computed }
  }
  // a schema built for this one parse: not worth compiling
  const r = buildSubmissionSchema(template, ctx).safeParse(payload, { jitless: true })
  if (!r.success) {
    const raw = (payload as { answers?: unknown } | null)?.answers
    const answers = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {}
    const errors = toErrors(r.error.issues, (p) => x.byPath.get(p)?.label, answers)
    // the conditional checks run on the answers whose types are right, so one 422 names every failing field
    const typed = Object.fromEntries(
      Object.entries(answers).filter(([p]) => x.byPath.has(p) && !errors.some((e) => e.path === p)),
    )
    for (const e of conditionalIssues(template, ctx, typed)) if (!errors.some((o) => o.path === e.path)) errors.push(e)
    return { ok: false, errors }
  }
  return { ok: true, value: r.data, computed: computeValues(template, ctx, r.data.answers) }
}

/**
 * Checks a draft: only the answers given (types, formats, cross-field checks where all figures are in).
 * `answers` is what to keep: a valid answer in its stored form (text cleaned and trimmed, "是" → true), a wrong one as
 * given (the
 * draft keeps it, with its error); `unknown` names keys the form does not have, which are never kept.
 */
export function validateDraft(
  template: FormTemplate,
  ctx: FormContext,
  given: Record<string, unknown>,
): { errors: FieldError[]; unknown: string[]; answers: Record<string, unknown> } {
  const x = expandForm(template, ctx)
  const errors: FieldError[] = []
  const unknown: string[] = []
  const answers: Record<string, unknown> = {}
  for (const [path, value] of Object.entries(given)) {
    const q = x.shared.has(path) ? undefined : x.byPath.get(path)
    if (!q) {
      unknown.push(path)
      errors.push({ path, message: `未知字段：${path}` })
      continue
    }
    answers[path] = value
    if (value === undefined || (value === null && !q.required)) continue
    const r = kindOf(q.kind).schema(q).safeParse(value)
    if (r.success) answers[path] = r.data
    else errors.push({ path, message: `${q.label}：${r.error.issues[0]?.message ?? '格式不对'}` })
  }
  for (const f of runChecks(
    x.blocks.flatMap((b) => b.checks),
    answers,
  ))
    errors.push({ path: f.paths[0], message: f.message })
  return { errors, unknown, answers }
}
