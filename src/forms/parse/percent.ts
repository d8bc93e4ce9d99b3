import { parseNumberExpression } from './chinese-number.js'
import { formatScaled, parseDecimal, toScaledInt } from './decimal.js'
import { compact } from './normalize.js'

export type PercentParse =
  { ok: true; value: number } | { ok: false; error: string } | { ok: 'ambiguous'; options: number[] }

/**
 * Parses a percentage into percent points (45 means 45 %), at most two decimals:
 * "45%", "４５％", "45", "百分之四十五", "45.5%". A bare fraction such as "0.45" is ambiguous
 * (0.45 % or 45 %?) and comes back as `ambiguous` for the caller to ask.
 */
export function parsePercent(input: string, allowOver100 = false): PercentParse {
  let s = compact(input)
  let explicit = false
  if (s.startsWith('百分之')) {
    s = s.slice(3)
    explicit = true
  } else if (/[%‰]$/.test(s)) {
    if (s.endsWith('‰')) return { ok: false, error: '请用百分数，例如 45%' }
    s = s.slice(0, -1)
    explicit = true
  }
  if (/^[-−负]/.test(s)) return { ok: false, error: '百分比不能为负数' }
  const d = explicit ? parseNumberExpression(s) : (parseDecimal(s) ?? parseNumberExpression(s))
  if (!d) return { ok: false, error: '请输入百分比，例如 45% 或 百分之四十五' }
  const hundredths = toScaledInt(d, 2)
  if (hundredths === null) return { ok: false, error: '百分比最多保留两位小数，例如 45.25%' }
  if (!allowOver100 && hundredths > 10000n) return { ok: false, error: '百分比不能超过 100%' }
  if (hundredths > 100_000_000n) return { ok: false, error: '百分比过大，请核对' }
  const value = Number(hundredths) / 100
  if (!explicit && hundredths > 0n && hundredths < 100n && s.includes('.')) {
    return { ok: 'ambiguous', options: [value, Number(formatScaled(hundredths * 100n, 2))] }
  }
  return { ok: true, value }
}

/** 45 → "45%", 45.5 → "45.5%"; parsePercent(formatPercent(x)) gives x back for two-decimal values. */
export function formatPercent(value: number): string {
  return `${formatScaled(BigInt(Math.round(value * 100)), 2)}%`
}
