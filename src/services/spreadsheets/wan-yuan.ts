/**
 * 万元 amounts in import files → integer 分: "12.5" → 12_500_000. Exact (no float maths): at most six
 * decimals, since 0.000001万元 = 1分. Returns null for anything else.
 */
export function wanToFen(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(text.replace(/,/g, '').trim())
  if (!m) return null
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'))
}

/** 分 → 万元 with two decimals, as the printed tables show them: 12_345_678 → 12.35 */
export function fenToWan(fen: number): number {
  return Math.round(fen / 10_000) / 100
}
