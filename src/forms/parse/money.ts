import { parseNumberExpression } from './chinese-number.js'
import { formatScaled, toScaledInt } from './decimal.js'
import { compact } from './normalize.js'
import type { Fen } from '../../domain/types.js'

/** The largest amount accepted: about 90 万亿元, still an exact integer of 分 in a JS number. */
export const MAX_FEN = Number.MAX_SAFE_INTEGER

export type MoneyParse = { ok: true; fen: Fen; bare: boolean; text: string } | { ok: false; error: string }

const HINT = '请输入金额，例如 12.5万、125000 或 12,500.00元'

/**
 * Parses an amount into integer 分, exactly:
 *   "12.5万" / "12.5万元" → 12 500 000;  "125000" / "１２５０００" → 12 500 000 (a bare number means 元);
 *   "12,500.00元" → 1 250 000;  "1.2亿" → 12 000 000 000;  "￥3,456.78" → 345 678;  "十二万五千" → 12 500 000.
 * `bare` is true for a plain Arabic number with no unit or currency sign: the caller may then ask whether
 * 元 or 万元 was meant. Refuses negatives, fractions of a 分 and non-amounts with a Chinese hint.
 */
export function parseMoney(input: string): MoneyParse {
  let s = compact(input).replace(/^(人民币|RMB|rmb|CNY|¥|￥)/, '')
  if (!s) return { ok: false, error: HINT }
  if (/^[-−负]/.test(s)) return { ok: false, error: '金额不能为负数' }
  let explicit = s !== compact(input)
  const unit = /(元整?|圆|块钱?)$/.exec(s)
  if (unit) {
    s = s.slice(0, unit.index)
    explicit = true
  }
  const d = parseNumberExpression(s)
  if (!d) return { ok: false, error: HINT }
  const fen = toScaledInt(d, 2)
  if (fen === null) return { ok: false, error: '金额最多保留两位小数（到分），例如 12500.05' }
  if (fen > BigInt(MAX_FEN)) return { ok: false, error: '金额过大，请核对' }
  const bare = !explicit && /^[\d,]+(\.\d+)?$/.test(s)
  return { ok: true, fen: Number(fen), bare, text: s }
}

/**
 * Formats 分 for chat and summaries; parseMoney(formatMoney(x)) === x for every whole number of 分:
 * 12 500 000 → "12.5万元", 345 678 → "3456.78元", 0 → "0元".
 */
export function formatMoney(fen: Fen): string {
  const n = BigInt(Math.trunc(fen))
  const abs = n < 0n ? -n : n
  if (abs >= 1_000_000n) return `${formatScaled(n, 6)}万元`
  return `${formatScaled(n, 2)}元`
}

/** A value in 万元 for tables: 12 500 000 → "12.5". */
export function formatWan(fen: Fen): string {
  return formatScaled(BigInt(Math.trunc(fen)), 6)
}
