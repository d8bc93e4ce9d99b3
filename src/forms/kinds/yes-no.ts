import { z } from 'zod'
import { compact } from '../parse/normalize.js'
import type { ParseOutcome, QuestionKind } from '../question.js'

const YES = new Set(['是', '是的', '对', '对的', '有', '能', '可以', '确认', '好', '正常', 'y', 'yes', '1'])
const NO = new Set(['否', '不是', '不', '不对', '没有', '无', '不能', '没', 'n', 'no', '2'])

/** Parses 是/对/有/能 as true and 否/不是/没有/不能 as false; anything else is refused. */
export function parseYesNo(text: string): boolean | null {
  const s = compact(text)
    .toLowerCase()
    .replace(/[。!！.]+$/, '')
  if (YES.has(s)) return true
  if (NO.has(s)) return false
  return null
}

export const yesNo: QuestionKind = {
  name: 'yes-no',
  hint: () => '回复 是 或 否',
  example: () => '是',
  parse(text: string): ParseOutcome {
    const v = parseYesNo(text)
    return v === null ? { ok: false, error: '请回复“是”或“否”' } : { ok: true, value: v }
  },
  format: (value) => (value ? '是' : '否'),
  // the form description tells people to write 是 or 否, so the API takes those as well as true/false
  schema: () =>
    z.union([z.boolean(), z.enum(['是', '否']).transform((v) => v === '是')], { error: '须为 是/否（或 true/false）' }),
}
