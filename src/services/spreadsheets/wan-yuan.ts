import { formatWan } from '../../forms/parse/money.js'

/**
 * 万元 amounts in import files → integer 分: "12.5" → 12_500_000. Exact (no float maths): at most six
 * decimals, since 0.000001万元 = 1分. Returns null for anything else.
 */
export function wanToFen(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(text.replace(/,/g, '').trim())
  if (!m) return null
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'))
}

/**
 * 分 → 万元, exactly: 142_153_000 → 142.153 (not the 142.15 the printed table *shows*: two decimals are a
 * cell's number format, never a rounding of the stored value — domain.md). The digits come from integer
 * arithmetic (formatWan), and a decimal of at most 15 significant digits survives the trip through a double
 * and back out of String() unchanged, so the cell's XML holds the exact 万元 for any amount up to 10^15 分
 * (10 万亿元; Excel itself keeps no more than 15 digits).
 */
export function fenToWan(fen: number): number {
  return Number(formatWan(fen))
}

/** 分 → 元 as text with exactly two decimals, for CSV: 60_000_005 → "600000.05", 0 → "0.00". */
export function fenToYuanText(fen: number): string {
  const n = BigInt(Math.trunc(fen))
  const abs = n < 0n ? -n : n
  const cents = (abs % 100n).toString().padStart(2, '0')
  return `${n < 0n ? '-' : ''}${abs / 100n}.${cents}`
}
