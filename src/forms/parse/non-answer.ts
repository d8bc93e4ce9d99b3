import { cleanText } from './clean-text.js'

/**
 * Replies that are not answers, as data. A clerk who types "怎么填？" or "不知道" at a question is asking
 * for help; one who types "无" or "111" at a required explanation has not explained anything.
 *
 * Decisions (test/forms/non-answer.test.ts holds the table):
 * - a reply ending in "?"/"？" is a question, however long ("资金6月才下达，这算偏差吗？"); a question
 *   mark inside a longer explanation that ends otherwise is part of the answer;
 * - HELP_PHRASES count anywhere in the reply (no explanation says "怎么填"); HELP_WORDS only as the
 *   whole reply, fillers aside ("我不知道啊"), since "何时下达尚不知道" is a real explanation;
 * - NON_ANSWERS, bare punctuation and one character repeated ("111", "啊啊啊") are refused only where
 *   the item is required: for an optional note "没有" may be what the clerk means.
 */
export const HELP_PHRASES = [
  '怎么填',
  '如何填',
  '怎么写',
  '如何写',
  '填什么',
  '写什么',
  '什么意思',
  '啥意思',
  '不会填',
  '不会写',
  '看不懂',
  '不知道怎么填',
  '不知道怎么写',
  '请问',
] as const

export const HELP_WORDS = [
  '不知道',
  '不懂',
  '不清楚',
  '不明白',
  '不会',
  '没懂',
  '不太懂',
  '不太清楚',
  '不太明白',
  '什么',
  '啥',
] as const

export const NON_ANSWERS = [
  '无',
  '没有',
  '暂无',
  '没',
  '空',
  '略',
  '无无',
  '不详',
  '无原因',
  '没有原因',
  '无措施',
  '没有措施',
  '暂时没有',
  '暂时无',
  '无说明',
  '测试',
  'test',
] as const

/** Words around a help word that change nothing: "我也不知道啊" is "不知道". */
const FILLER = /[我也还真都实在啊呢呀哦嘛啦了耶诶唉这个]/g
const PUNCTUATION = /[\s\p{P}\p{S}]/gu

function normal(text: string): string {
  return cleanText(text).normalize('NFKC').trim()
}

/** Whether a reply asks something rather than answers: "怎么填？", "这是什么意思", "不知道". */
export function readsAsQuestion(text: string): boolean {
  const s = normal(text)
  if (/\?$/.test(s)) return true // NFKC made "？" a "?"
  const bare = s.replace(PUNCTUATION, '')
  if (HELP_PHRASES.some((p) => bare.includes(p))) return true
  const core = bare.replace(FILLER, '')
  return (HELP_WORDS as readonly string[]).includes(core)
}

/** Why a reply is no answer to a required explanation ("无", "。。。", "111"), or undefined if it may be one. */
export function nonAnswer(text: string): 'none' | 'symbols' | 'repeated' | undefined {
  const core = normal(text).replace(PUNCTUATION, '').toLowerCase()
  if (core === '') return 'symbols'
  if ((NON_ANSWERS as readonly string[]).includes(core)) return 'none'
  const chars = [...core]
  if (chars.length >= 2 && chars.every((ch) => ch === chars[0])) return 'repeated'
  return undefined
}
