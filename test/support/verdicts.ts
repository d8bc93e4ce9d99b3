import type { AnswersCheck, Validation } from '../../src/services/filing/submission-service.js'

/**
 * For tests of the submission store itself (versions, heads, lateness, races): a stand-in for the
 * template check whose verdict on each answers object the test sets, so a test can store `{ a: 3 }`
 * without a unit, projects and a full form. The real check (TemplateCheck) is covered through the
 * mini-program and chat tests.
 */
export function verdicts(computed: Record<string, unknown> = {}): {
  check: AnswersCheck
  ok: (answers: Record<string, unknown>) => Record<string, unknown>
  invalid: (errors: { path: string; message: string }[]) => Record<string, unknown>
} {
  const given = new WeakMap<object, Validation>()
  return {
    check: { check: async (_round, _t, answers) => given.get(answers) ?? { ok: true, answers, computed } },
    ok: (answers) => {
      given.set(answers, { ok: true, answers, computed })
      return answers
    },
    invalid: (errors) => {
      const answers = {}
      given.set(answers, { ok: false, errors })
      return answers
    },
  }
}
