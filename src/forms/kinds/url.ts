import { z } from 'zod'
import { parseUrl } from '../parse/url.js'
import type { ParseOutcome, QuestionKind } from '../question.js'

export const url: QuestionKind = {
  name: 'url',
  hint: () => '网址，http:// 或 https:// 开头',
  example: () => 'https://www.wuding.gov.cn/info/123.html',
  parse: (text: string): ParseOutcome => parseUrl(text),
  format: (value) => String(value),
  schema: () =>
    z.string({ error: '须为网址' }).refine(
      (s) => {
        const r = parseUrl(s)
        return r.ok && r.value === s
      },
      { error: '须为 http/https 网址' },
    ),
}
