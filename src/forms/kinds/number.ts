import { z } from 'zod'
import { parseNumberExpression } from '../parse/chinese-number.js'
import { toNumber, toScaledInt } from '../parse/decimal.js'
import { compact } from '../parse/normalize.js'
import type { ParseOutcome, Question, QuestionKind } from '../question.js'

/**
 * Strips the question's unit of measure: "1200户" → "1200", "3.5公里" → "3.5"; for a measure of
 * 万元, "30万" is 30 too (not 300 000).
 */
export function stripMeasure(text: string, q: Question): string {
  const s = compact(text)
  const m = q.measure ? compact(q.measure) : ''
  for (const suffix of m.endsWith('万元') ? [m, m.slice(0, -1)] : [m]) {
    if (suffix && s.endsWith(suffix)) return s.slice(0, -suffix.length)
  }
  return s
}

/** A figure with a unit of measure (户, 公里, 天, 万元 …), up to four decimals, not negative. */
export const number: QuestionKind = {
  name: 'number',
  hint: (q) => (q.measure ? `数值，单位：${q.measure}` : '数值'),
  example: (q) => `120${q.measure ?? ''}`,
  parse(text: string, q: Question): ParseOutcome {
    const s = stripMeasure(text, q)
    if (/^[-−负]/.test(s)) return { ok: false, error: '数值不能为负数' }
    const d = parseNumberExpression(s)
    if (!d)
      return { ok: false, error: `请输入数值${q.measure ? `（单位：${q.measure}）` : ''}，例如 ${number.example(q)}` }
    if (toScaledInt(d, 4) === null) return { ok: false, error: '最多保留四位小数' }
    return { ok: true, value: toNumber(d) }
  },
  format: (value, q) => `${String(value)}${q.measure ?? ''}`,
  schema: () => z.number({ error: '须为数值' }).finite({ error: '须为数值' }).min(0, { error: '数值不能为负数' }),
}
