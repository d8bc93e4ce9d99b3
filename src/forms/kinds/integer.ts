import { z } from 'zod'
import { number } from './number.js'
import type { ParseOutcome, Question, QuestionKind } from '../question.js'

/** A whole count: 户数, 次数, 人数. "1200户", "一千二百". */
export const integer: QuestionKind = {
  name: 'integer',
  hint: (q) => (q.measure ? `整数，单位：${q.measure}` : '整数'),
  example: (q) => `1200${q.measure ?? ''}`,
  parse(text: string, q: Question): ParseOutcome {
    const r = number.parse(text, q)
    if (r.ok !== true) return r
    if (!Number.isSafeInteger(r.value)) return { ok: false, error: `请输入整数，例如 ${integer.example(q)}` }
    return r
  },
  format: (value, q) => `${String(value)}${q.measure ?? ''}`,
  schema: () => z.number({ error: '须为整数' }).int({ error: '须为整数' }).min(0, { error: '不能为负数' }),
}
