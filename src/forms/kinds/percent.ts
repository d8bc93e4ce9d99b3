import { z } from 'zod'
import { formatPercent, parsePercent } from '../parse/percent.js'
import type { ParseOutcome, Question, QuestionKind } from '../question.js'

export const percent: QuestionKind = {
  name: 'percent',
  hint: (q) => (q.allowOver100 ? '百分比' : '百分比，不超过 100%'),
  example: () => '96%',
  parse(text: string, q: Question): ParseOutcome {
    const r = parsePercent(text, q.allowOver100)
    if (r.ok === 'ambiguous') {
      const [a, b] = r.options
      return {
        ok: 'ambiguous',
        question: `是 ${formatPercent(a)} 还是 ${formatPercent(b)}？请回复 1 或 2`,
        options: r.options.map((v) => ({ label: formatPercent(v), value: v })),
      }
    }
    return r.ok ? { ok: true, value: r.value } : r
  },
  format: (value) => formatPercent(Number(value)),
  schema: (q) =>
    z
      .number({ error: '须为百分比数值（45 表示 45%）' })
      .min(0, { error: '百分比不能为负数' })
      .max(q.allowOver100 ? 1_000_000 : 100, { error: '百分比不能超过 100%' }),
}
