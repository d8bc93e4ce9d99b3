import type { FormCode, Round } from '../../domain/types.js'
import { getTemplate, validateSubmission, type FormContext } from '../../forms/index.js'
import type { AnswersCheck, SubmissionTarget, Validation } from './submission-service.js'

/** Where the check gets a unit's form context: FormContextService (a few seconds of reuse, time always fresh). */
export interface FormContexts {
  recentOrBuild(round: Round, unitCode: string, form: FormCode): Promise<FormContext>
}

/**
 * The submission service's check of what it stores: the form's template (src/forms/templates) in the
 * unit's context, through validateSubmission — the same definition the chat dialog and the
 * mini-program's form description are built from. The stored answers are the parsed ones (text
 * cleaned, "是" → true) and `computed` the rates and flags computed from them.
 */
export class TemplateCheck implements AnswersCheck {
  constructor(private readonly contexts: FormContexts) {}

  async check(round: Round, t: SubmissionTarget, answers: Record<string, unknown>): Promise<Validation> {
    const template = getTemplate(t.form)
    const ctx = await this.contexts.recentOrBuild(round, t.unitCode, t.form)
    // the field schema is built once per layout (submissionFields), the checks run with this context's time
    const r = validateSubmission(template, ctx, { answers })
    return r.ok ? { ok: true, answers: r.value.answers, computed: { ...r.computed } } : { ok: false, errors: r.errors }
  }
}
