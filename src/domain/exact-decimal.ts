/**
 * Exact decimal arithmetic for the deviation rules: value = units / 10^scale with BigInt units.
 *
 * Indicator figures arrive as JS numbers parsed from what a clerk typed ("3.3", "0.15"). A double cannot
 * hold 3.3 exactly, so `3.3 * 1200 < 4.4 * 900` is true in floating point although both sides are 3960.
 * `String(n)` gives the shortest decimal that round-trips to the same double, which for anything the
 * parsers produce (up to four decimals, at most 15 significant digits) is exactly the digits typed — so
 * we go through that string and compute in integers from there on.
 */
export interface ExactDecimal {
  units: bigint
  scale: number
}

/** The decimal a finite number was written as: 3.3 → 33/10, 1e21 → 10^21. Null for NaN and ±Infinity. */
export function exactDecimal(n: number): ExactDecimal | null {
  if (!Number.isFinite(n)) return null
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n))
  // String() of a finite number always has this shape; the guard keeps the types honest
  if (!m) return null
  const frac = m[3] ?? ''
  const units = BigInt(m[1] + m[2] + frac)
  const scale = frac.length - Number(m[4] ?? 0)
  return scale >= 0 ? { units, scale } : { units: units * 10n ** BigInt(-scale), scale: 0 }
}

export function times(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  return { units: a.units * b.units, scale: a.scale + b.scale }
}

function aligned(a: ExactDecimal, b: ExactDecimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale)
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale]
}

export function minus(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  const [x, y, scale] = aligned(a, b)
  return { units: x - y, scale }
}

/** −1, 0 or 1 as a is below, equal to or above b. */
export function compareExact(a: ExactDecimal, b: ExactDecimal): -1 | 0 | 1 {
  const [x, y] = aligned(a, b)
  return x < y ? -1 : x > y ? 1 : 0
}

/**
 * Compares two numbers as the decimals they were written as; null when they cannot be ordered (NaN),
 * so callers keep the usual NaN semantics (neither below nor above, and not equal).
 */
export function compareNumbers(a: number, b: number): -1 | 0 | 1 | null {
  const x = exactDecimal(a)
  const y = exactDecimal(b)
  if (x && y) return compareExact(x, y)
  // ±Infinity orders correctly as a double; NaN does not order at all
  return a < b ? -1 : a > b ? 1 : a === b ? 0 : null
}
