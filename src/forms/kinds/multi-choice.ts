import { z } from 'zod'
import { normalizeInput } from '../parse/normalize.js'
import { listOptions, matchOption } from './choice.js'
import type { ParseOutcome, Question, QuestionKind } from '../question.js'

/**
 * One or more options: "1,3", "1，3", "1 3", "1、3", "1和3", "经费保障 人员保障". "13" is refused with a
 * hint rather than read as 1 and 3: with ten or more options it could be either, and a clerk who
 * meant 13 should not have two choices stored silently.
 */
export const multiChoice: QuestionKind = {
  name: 'multi-choice',
  hint: (q) => `可多选：${listOptions(q.options ?? [])}`,
  example: () => '1、3',
  parse(text: string, q: Question): ParseOutcome {
    const options = q.options ?? []
    const s = normalizeInput(text)
    const tokens = s.split(/[,，、;；/和及\s]+/).filter(Boolean)
    if (tokens.length === 0) return { ok: false, error: `请回复序号，可多选，例如 1、3：${listOptions(options)}` }
    const picked = new Set<string>()
    for (const t of tokens) {
      const hit = matchOption(t, options)
      if (!hit && /^\d{2,}$/.test(t))
        return { ok: false, error: `没有第 ${t} 项。多选请用空格或顿号分开序号，例如 1、3：${listOptions(options)}` }
      if (!hit) return { ok: false, error: `“${t}”不是选项。请回复序号，可多选，例如 1、3：${listOptions(options)}` }
      picked.add(hit)
    }
    return { ok: true, value: options.filter((o) => picked.has(o)) }
  },
  format: (value) => (Array.isArray(value) ? value.join('、') : String(value)),
  schema: (q) =>
    z
      .array(z.enum(q.options as [string, ...string[]], { error: `须为以下之一：${(q.options ?? []).join('、')}` }))
      .min(1, { error: '至少选一项' }),
}
