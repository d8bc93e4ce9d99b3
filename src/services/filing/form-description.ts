import { expandForm, kindOf, type FormContext, type FormTemplate } from '../../forms/index.js'

/**
 * The mini-program's JSON description of a form, derived from the template expanded against this unit:
 * blocks (one per project section), each question with its answer path, kind, options, hint, the
 * condition under which it applies, and pre-filled budgets in the intro lines.
 *
 * Kept here until the form engine exports its own describeForm; it only reads the engine's Expansion.
 */
export function describeFormJson(template: FormTemplate, ctx: FormContext): Record<string, unknown> {
  const x = expandForm(template, ctx)
  return {
    template: template.id,
    form: template.code,
    title: template.title,
    unit: ctx.unit,
    // the chat's shared deviation blocks are chat only (src/forms/shared-deviation.ts)
    blocks: x.blocks
      .filter((b) => !b.share)
      .map((b) => ({
        id: b.id,
        title: b.title,
        ...(b.scope ? { scope: b.scope } : {}),
        intro: b.intro,
        ...(b.when ? { when: b.when } : {}),
        questions: b.questions.map((q) => ({
          path: q.path,
          label: q.label,
          kind: q.kind,
          required: q.required,
          hint: kindOf(q.kind).hint(q),
          ...(q.options ? { options: q.options } : {}),
          ...(q.measure ? { measure: q.measure } : {}),
          ...(q.example ? { example: q.example } : {}),
          ...(q.budgetFen !== undefined ? { budgetFen: q.budgetFen } : {}),
          ...(q.when ? { when: q.when } : {}),
        })),
      })),
  }
}
