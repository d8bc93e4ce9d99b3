import type { Fen } from '../../domain/types.js'
import type { MoneyUnit } from './platform-header.js'

/** Decimal places of a unit that are still whole 分: 元 has 2, 万元 has 6 (0.000001万元 = 1分). */
const PLACES: Record<MoneyUnit, number> = { 元: 2, 万元: 6 }

/**
 * A money cell → integer 分, exactly (digit strings, no float maths): "142.153" 万元 → 142_153_000.
 * Accepts thousands separators, a sign, and the float noise a spreadsheet leaves in a computed cell
 * ("142.15300000000002" is 142.153 as Excel stored it) — but not a real fraction of a 分 ("1.234" 元).
 * Null when the text is not such an amount.
 */
export function moneyToFen(text: string, unit: MoneyUnit): Fen | null {
  const m = /^([+-]?)(\d{1,12})(?:\.(\d+))?$/.exec(text.replace(/[,，\s]/g, ''))
  if (!m) return null
  const places = PLACES[unit]
  const frac = m[3] ?? ''
  const sign = m[1] === '-' ? -1 : 1
  const whole = Number(m[2]) * 10 ** places + Number(frac.slice(0, places).padEnd(places, '0') || '0')
  if (!Number.isSafeInteger(whole + 1)) return null
  const rest = frac.slice(places)
  if (/[1-9]/.test(rest)) {
    // only float noise: ≥ 15 significant digits in all, and within a millionth of a 分 of a whole 分
    const noise = Number(`0.${rest}`)
    if ((m[2] + frac).replace(/^0+/, '').length < 15) return null
    if (noise < 1e-6) return sign * whole || 0
    if (noise > 1 - 1e-6) return sign * (whole + 1)
    return null
  }
  return sign * whole || 0
}

/** 分 → the number the column holds: 142_153_000 in 万元 → 142.153 (the nearest double to the exact decimal). */
export function fenToUnit(fen: Fen, unit: MoneyUnit): number {
  return fen / 10 ** PLACES[unit]
}
