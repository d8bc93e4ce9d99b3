/**
 * Exact decimals for parsing: value = int / 10^scale. Amounts are parsed into this form and only then
 * turned into integer 分, so "12.5万" is 12 500 000 分 exactly — no float ever sees the digits.
 */
export interface Decimal {
  int: bigint
  scale: number
}

export const ZERO: Decimal = { int: 0n, scale: 0 }

/** Parses "12500.05" or "12,500.05" (commas in groups of three only); null when not a plain decimal. */
export function parseDecimal(text: string): Decimal | null {
  let s = text
  if (s.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return null
    s = s.replace(/,/g, '')
  }
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s)
  if (!m) return null
  const frac = m[2] ?? ''
  return { int: BigInt(m[1] + frac), scale: frac.length }
}

export function fromInt(n: number | bigint): Decimal {
  return { int: BigInt(n), scale: 0 }
}

/** Multiplies by 10^n (n ≥ 0): 万 is shiftBy(d, 4). */
export function shiftBy(d: Decimal, n: number): Decimal {
  if (d.scale >= n) return { int: d.int, scale: d.scale - n }
  return { int: d.int * 10n ** BigInt(n - d.scale), scale: 0 }
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale)
  return [a.int * 10n ** BigInt(scale - a.scale), b.int * 10n ** BigInt(scale - b.scale), scale]
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b)
  return { int: x + y, scale }
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return { int: a.int * b.int, scale: a.scale + b.scale }
}

export function isZero(d: Decimal): boolean {
  return d.int === 0n
}

/** The value as an integer count of 10^-places, or null when it has more decimals than that. */
export function toScaledInt(d: Decimal, places: number): bigint | null {
  if (d.scale <= places) return d.int * 10n ** BigInt(places - d.scale)
  const extra = 10n ** BigInt(d.scale - places)
  return d.int % extra === 0n ? d.int / extra : null
}

/** Formats an integer count of 10^-places as a trimmed decimal string: (1250n, 2) → "12.5". */
export function formatScaled(n: bigint, places: number): string {
  const neg = n < 0n
  const abs = neg ? -n : n
  const s = abs.toString().padStart(places + 1, '0')
  const whole = s.slice(0, s.length - places)
  const frac = s.slice(s.length - places).replace(/0+$/, '')
  return (neg ? '-' : '') + whole + (frac ? '.' + frac : '')
}

/**
 * Non-money values (indicator figures) are stored as numbers; up to four decimals they round-trip through
 * String(), which is how the deviation rules get the exact digits back (src/domain/exact-decimal.ts).
 */
export function toNumber(d: Decimal): number {
  return Number(formatScaled(d.int, d.scale))
}
