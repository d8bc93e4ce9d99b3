import { z } from 'zod'
import { formatDate, isValidYmd, parseDate } from '../parse/date.js'
import { compact } from '../parse/normalize.js'
import type { ParseOutcome, Question, QuestionKind } from '../question.js'

const NONE = new Set(['未完成', '尚未完成', '无', '没有', '还没有', '未'])

export const date: QuestionKind = {
  name: 'date',
  // the formats only: the prompt adds the item's own example (“例如…”); dates in the round's year
  hint: (q) =>
    q.allowNone ? '日期，可写 7月10日；尚未完成请回复“未完成”' : `日期，可写 7月10日 或 ${date.example(q)}`,
  example: (q) => `${q.defaultYear ?? 2024}-07-10`,
  parse(text: string, q: Question): ParseOutcome {
    if (q.allowNone && NONE.has(compact(text))) return { ok: true, value: null }
    return parseDate(text, q.defaultYear)
  },
  format: (value) => (value === null ? '未完成' : formatDate(String(value))),
  schema: (q) => {
    const iso = z.string({ error: '须为日期 YYYY-MM-DD' }).refine(
      (s) => {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
        return m !== null && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]))
      },
      { error: '须为日期 YYYY-MM-DD' },
    )
    return q.allowNone ? iso.nullable() : iso
  },
}
