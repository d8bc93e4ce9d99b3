import { z } from 'zod'
import { formatMoney, MAX_FEN, parseMoney } from '../parse/money.js'
import type { ParseOutcome, Question, QuestionKind } from '../question.js'

/**
 * A bare number is read as 元, but "12.5" against a budget of 30万 is almost surely 12.5万:
 * ask rather than store a figure a thousand times too small.
 */
function looksLikeWan(fen: number, budgetFen: number | undefined): boolean {
  if (!budgetFen || fen <= 0) return false
  return fen * 1000 < budgetFen && fen * 10000 <= budgetFen * 10
}

export const money: QuestionKind = {
  name: 'money',
  hint: () => '金额，单位元，可写“12.5万”',
  example: () => '12.5万',
  parse(text: string, q: Question): ParseOutcome {
    const r = parseMoney(text)
    if (!r.ok) return r
    if (r.bare && looksLikeWan(r.fen, q.budgetFen)) {
      return {
        ok: 'ambiguous',
        question: `是 ${r.text} 元还是 ${r.text} 万元？请回复 1（元）或 2（万元）`,
        options: [
          { label: '元', value: r.fen },
          { label: '万元', value: r.fen * 10000 },
        ],
      }
    }
    return { ok: true, value: r.fen }
  },
  format: (value) => formatMoney(Number(value)),
  schema: () =>
    z
      .number({ error: '须为金额（整数分）' })
      .int({ error: '金额须为整数分' })
      .min(0, { error: '金额不能为负数' })
      .max(MAX_FEN, { error: '金额过大' }),
}
