import type { FormContext } from './context.js'
import { expandForm } from './expand.js'
import { formatAnswer } from './summary.js'
import type { FormTemplate } from './template.js'

/** One answer that differs between two versions, as the clerk's own words: label, before, after. */
export interface AnswerChange {
  path: string
  /** "乡村道路养护 · 年度资金总额·1-9月执行数" (the project's name first on a table repeated over projects) */
  label: string
  /** "12万元", or '（未填）' when the earlier version had no answer there */
  from: string
  to: string
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * What changed from one version's answers to the next, in form order, formatted as 查看 shows answers:
 * { label: '乡村道路养护 · 年度资金总额·1-9月执行数', from: '12万元', to: '15.3万元' }. An answer at a path
 * the form no longer asks (a project since removed) keeps its raw path and value.
 */
export function answerChanges(
  template: FormTemplate,
  ctx: FormContext,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): AnswerChange[] {
  const x = expandForm(template, ctx)
  const changed = new Set(
    [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((p) => !same(before[p], after[p])),
  )
  const out: AnswerChange[] = []
  for (const q of x.questions) {
    if (!changed.has(q.path)) continue
    changed.delete(q.path)
    const scope = x.blocks[x.blockOf.get(q.path) ?? 0]?.scope
    out.push({
      path: q.path,
      label: scope ? `${scope.name} · ${q.label}` : q.label,
      from: formatAnswer(q, before[q.path]),
      to: formatAnswer(q, after[q.path]),
    })
  }
  const raw = (v: unknown): string => (v === undefined ? '（未填）' : v === null ? '（跳过）' : JSON.stringify(v))
  for (const path of changed) {
    const q = x.byPath.get(path)
    out.push(
      q
        ? { path, label: q.label, from: formatAnswer(q, before[path]), to: formatAnswer(q, after[path]) }
        : { path, label: path, from: raw(before[path]), to: raw(after[path]) },
    )
  }
  return out
}
