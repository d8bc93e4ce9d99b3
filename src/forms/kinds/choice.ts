import { z } from 'zod'
import { normalizeInput } from '../parse/normalize.js'
import type { ParseOutcome, Question, QuestionKind } from '../question.js'

/** Resolves one option by its number ("2") or text ("有可能"; a unique part of it also counts). */
export function matchOption(token: string, options: readonly string[]): string | null {
  const t = normalizeInput(token).replace(/^[(（]?(\d+)[)）.、]?$/, '$1')
  if (/^\d+$/.test(t)) return options[Number(t) - 1] ?? null
  const exact = options.find((o) => o === t)
  if (exact) return exact
  const partial = options.filter((o) => t.length >= 2 && (o.includes(t) || t.includes(o)))
  return partial.length === 1 ? partial[0] : null
}

export function listOptions(options: readonly string[]): string {
  return options.map((o, i) => `${i + 1} ${o}`).join('  ')
}

export const choice: QuestionKind = {
  name: 'choice',
  hint: (q) => `选一项：${listOptions(q.options ?? [])}`,
  example: (q) => `1 或 ${q.options?.[0] ?? ''}`,
  parse(text: string, q: Question): ParseOutcome {
    const hit = matchOption(text, q.options ?? [])
    if (!hit) return { ok: false, error: `请回复序号或选项：${listOptions(q.options ?? [])}` }
    return { ok: true, value: hit }
  },
  format: (value) => String(value),
  schema: (q) => z.enum(q.options as [string, ...string[]], { error: `须为以下之一：${(q.options ?? []).join('、')}` }),
}
