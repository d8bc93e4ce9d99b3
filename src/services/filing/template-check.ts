import type { FormCode, Round } from '../../domain/types.js'
import {
  buildSubmissionSchema,
  computeValues,
  expandForm,
  getTemplate,
  validateSubmission,
  type Expansion,
  type FormContext,
  type SubmissionInput,
} from '../../forms/index.js'
import type { AnswersCheck, SubmissionTarget, Validation } from './submission-service.js'
import { TtlCache } from '../../cache/ttl-cache.js'
import type { z } from 'zod'

/** Where the check gets a unit's form context: FormContextService (a few seconds of reuse, time always fresh). */
export interface FormContexts {
  recentOrBuild(round: Round, unitCode: string, form: FormCode): Promise<FormContext>
}

interface Compiled {
  layout: Expansion
  schema: z.ZodType<SubmissionInput>
}

/**
 * The submission service's check of what it stores: the form's template (src/forms/templates) in the
 * unit's context, through validateSubmission — the same definition the chat dialog and the
 * mini-program's form description are built from. The stored answers are the parsed ones (text
 * cleaned, "是" → true) and `computed` the rates and flags computed from them.
 */
export class TemplateCheck implements AnswersCheck {
  // building a template's zod schema costs milliseconds, parsing with it a tenth of one: a unit's schema
  // is reused for a few seconds while the form's layout (projects, budgets, period) stays the same
  private compiled = new TtlCache<Compiled>(5000)
  constructor(private readonly contexts: FormContexts) {}

  async check(round: Round, t: SubmissionTarget, answers: Record<string, unknown>): Promise<Validation> {
    const template = getTemplate(t.form)
    const ctx = await this.contexts.recentOrBuild(round, t.unitCode, t.form)
    const layout = expandForm(template, ctx)
    const key = `${round.id}|${t.unitCode}|${t.form}`
    let c = this.compiled.get(key)
    if (!c || c.layout !== layout) c = this.compiled.set(key, { layout, schema: buildSubmissionSchema(template, ctx) })
    const parsed = c.schema.safeParse({ answers })
    // a refusal is rare: the full validation names every failing field
    const r = parsed.success
      ? { ok: true as const, value: parsed.data, computed: computeValues(template, ctx, parsed.data.answers) }
      : validateSubmission(template, ctx, { answers })
    return r.ok ? { ok: true, answers: r.value.answers, computed: { ...r.computed } } : { ok: false, errors: r.errors }
  }
}
