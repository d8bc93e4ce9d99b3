import { z } from 'zod'
import { tidy } from '../parse/normalize.js'
import type { ParseOutcome, Question, QuestionKind } from '../question.js'

const MAX = 1000

/** Free text with a minimum length (an explanation of "无" is not an explanation). */
export const text: QuestionKind = {
  name: 'text',
  hint: (q) => (q.minLength ? `文字，至少 ${q.minLength} 个字` : '文字'),
  example: (q) => q.example ?? '资金已按进度拨付',
  parse(input: string, q: Question): ParseOutcome {
    const s = tidy(input)
    const min = q.minLength ?? 1
    if ([...s].length < min) return { ok: false, error: `请写具体一些，至少 ${min} 个字，例如：${text.example(q)}` }
    if ([...s].length > MAX) return { ok: false, error: `内容过长，请控制在 ${MAX} 字以内` }
    return { ok: true, value: s }
  },
  format: (value) => String(value),
  schema: (q) =>
    z
      .string({ error: '须为文字' })
      .trim()
      .min(q.minLength ?? 1, { error: `至少 ${q.minLength ?? 1} 个字` })
      .max(MAX, { error: `不超过 ${MAX} 字` }),
}
