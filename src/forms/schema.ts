import { z } from 'zod'
import { activeQuestions } from './active.js'
import { runChecks } from './checks.js'
import { computeValues } from './compute.js'
import { expandForm } from './expand.js'
import { kindOf } from './kinds/index.js'
import type { FormContext } from './context.js'
import type { Expansion } from './expand.js'
import type { Question } from './question.js'
import type { FormTemplate } from './template.js'

export interface SubmissionInput {
  answers: Record<string, unknown>
}

/**
 * The zod schema of a complete submission `{ answers }` for this template and context — the HTTP API
 * validates mini-program submissions with exactly this, and a finished dialog's payload passes it.
 * Field types come from the question kinds; conditional questions (deviation explanations, reasons
 * for executing above budget) are required exactly when the computed flags call for them.
 */
export function buildSubmissionSchema(template: FormTemplate, ctx: FormContext): z.ZodType<SubmissionInput> {
  return submissionFields(expandForm(template, ctx)).superRefine((v, c) => {
    for (const issue of conditionalIssues(template, ctx, v.answers)) {
      c.addIssue({ code: 'custom', path: ['answers', issue.path], message: issue.message })
    }
  }) as z.ZodType<SubmissionInput>
}

// A layout's field types do not depend on the time or the figures: one schema per layout, built once
// (zod compiles an object schema on its first parse, which costs more than the parse).
const FIELDS = new WeakMap<Expansion, z.ZodObject<{ answers: z.ZodType<Record<string, unknown>> }>>()

/**
 * `{ answers }` with each answer's field type, strict about unknown keys — the submission schema without
 * the conditional checks (validateSubmission runs those with the values it computes once).
 */
export function submissionFields(x: Expansion): z.ZodObject<{ answers: z.ZodType<Record<string, unknown>> }> {
  let schema = FIELDS.get(x)
  if (!schema) {
    const shape: Record<string, z.ZodType> = {}
    for (const q of x.questions) shape[q.path] = fieldSchema(q)
    const answers = z.strictObject(shape, {
      error: (iss) => (iss.code === 'unrecognized_keys' ? '未知字段' : '须为对象'),
    }) as z.ZodType<Record<string, unknown>>
    schema = z.object({ answers })
    FIELDS.set(x, schema)
  }
  return schema
}

// zod compiles an object schema into a fast parser on its first parse (its JIT): that costs about as much
// as ten plain parses of a form, which pays for a layout parsed again and again, not for the one or two
// submits most units make of their own layout. A layout's first parses skip the compiled path.
const JIT_AFTER = 8
const PARSES = new WeakMap<object, number>()

/** `submissionFields(x).safeParse(payload)`, without zod's compile while the layout is seldom parsed. */
export function parseSubmissionFields(x: Expansion, payload: unknown) {
  const schema = submissionFields(x)
  const parses = (PARSES.get(schema) ?? 0) + 1
  PARSES.set(schema, parses)
  return schema.safeParse(payload, parses < JIT_AFTER ? { jitless: true } : undefined)
}

// Building zod schemas costs far more than parsing with them, and every unit's form repeats the same few
// dozen field shapes under different paths: build each shape once. The key is the question without what
// only names or places it (path, label, budget), so a new schema-relevant property is keyed automatically.
const FIELD_SCHEMAS = new Map<string, z.ZodType>()
const IGNORED = new Set(['path', 'label', 'budgetFen', 'compare', 'defaultYear', 'when', 'help'])

function fieldSchema(q: Question): z.ZodType {
  const key =
    JSON.stringify(q, (k, v: unknown) => (IGNORED.has(k) ? undefined : v)) + (q.required && !q.when ? '!' : '?')
  let schema = FIELD_SCHEMAS.get(key)
  if (!schema) {
    const base = kindOf(q.kind).schema(q)
    schema = q.required && !q.when ? base : base.nullable().optional()
    if (FIELD_SCHEMAS.size < 10_000) FIELD_SCHEMAS.set(key, schema)
  }
  return schema
}

/**
 * What only the computed flags reveal: deviation explanations a lagging line needs, reasons for
 * executing above budget, cross-field checks. Also run on a payload that failed the field types, so
 * that one 422 names every failing field.
 */
export function conditionalIssues(
  template: FormTemplate,
  ctx: FormContext,
  a: Record<string, unknown>,
  computed = computeValues(template, ctx, a),
): { path: string; message: string }[] {
  const x = expandForm(template, ctx)
  const out: { path: string; message: string }[] = []
  for (const q of activeQuestions(x, computed)) {
    const missing = a[q.path] === undefined || (q.required && a[q.path] === null && !q.allowNone)
    if (missing && (q.when || q.required)) out.push({ path: q.path, message: `${q.label}：必填` })
  }
  for (const f of runChecks(
    x.blocks.flatMap((b) => b.checks),
    a,
  ))
    out.push({ path: f.paths[0], message: f.message })
  return out
}
