import { z } from 'zod'
import { cleanText, textLength } from '../parse/clean-text.js'
import { tidy } from '../parse/normalize.js'
import { nonAnswer, readsAsQuestion } from '../parse/non-answer.js'
import type { ParseOutcome, Question, QuestionKind } from '../question.js'

const MAX = 1000

/**
 * One rule for both doors: a chat reply (blanks tidied) and a mini-program answer (line breaks kept)
 * are first cleaned by cleanText, so invisible characters never count toward minLength.
 */
function lengthIssue(s: string, q: Question): 'short' | 'long' | undefined {
  const n = textLength(s)
  return n < (q.minLength ?? 1) ? 'short' : n > MAX ? 'long' : undefined
}

/**
 * A required item asks for an explanation: "无", "。。。", "111" is none (an optional note may say "没有").
 * Checked at the chat door, where the clerk gets the hint at once; the mini-program's schema keeps to
 * minLength, so a stored answer is never made invalid afterwards by a rule about how chat replies read.
 */
function substanceIssue(s: string, q: Question): boolean {
  return q.required && nonAnswer(s) !== undefined
}

const NO_SUBSTANCE = '请写明具体情况，“无”“没有”、符号或重复的字不能作为说明'

/** Free text with a minimum length (an explanation of "无" is not an explanation). */
export const text: QuestionKind = {
  name: 'text',
  hint: (q) => (q.minLength ? `文字，至少 ${q.minLength} 个字` : '文字'),
  example: (q) => q.example ?? '资金已按进度拨付',
  parse(input: string, q: Question): ParseOutcome {
    const s = tidy(cleanText(input))
    // a question is never stored as the answer: the clerk gets the item's explanation and example
    if (readsAsQuestion(s))
      return { ok: false, error: `这里请直接写出内容${q.help ? `（${q.help}）` : ''}，例如：${text.example(q)}` }
    const issue = lengthIssue(s, q)
    if (issue === 'short')
      return { ok: false, error: `请写具体一些，至少 ${q.minLength ?? 1} 个字，例如：${text.example(q)}` }
    if (issue === 'long') return { ok: false, error: `内容过长，请控制在 ${MAX} 字以内` }
    if (substanceIssue(s, q)) return { ok: false, error: `${NO_SUBSTANCE}，例如：${text.example(q)}` }
    return { ok: true, value: s }
  },
  format: (value) => String(value),
  schema: (q) =>
    z
      .string({ error: '须为文字' })
      .transform((s) => cleanText(s).trim())
      .superRefine((s, ctx) => {
        // too_small / too_big, not custom: the form's error list prefixes these with the field's label
        const issue = lengthIssue(s, q)
        if (issue === 'short')
          ctx.addIssue({
            code: 'too_small',
            origin: 'string',
            minimum: q.minLength ?? 1,
            inclusive: true,
            input: s,
            message: `至少 ${q.minLength ?? 1} 个字`,
          })
        if (issue === 'long')
          ctx.addIssue({
            code: 'too_big',
            origin: 'string',
            maximum: MAX,
            inclusive: true,
            input: s,
            message: `不超过 ${MAX} 字`,
          })
      }),
}
