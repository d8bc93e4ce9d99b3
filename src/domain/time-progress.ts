/**
 * 序时进度 (time progress) of a round covering January to `endMonth`: N/12 —
 * 50 % for 1-6月, 75 % for 1-9月. Returned in percent points (50, 75) for display and rules.
 */
export function timeProgressPercent(endMonth: number): number {
  if (!Number.isInteger(endMonth) || endMonth < 1 || endMonth > 12) throw new RangeError(`endMonth ${endMonth}`)
  return (endMonth * 100) / 12
}

/** The label a table uses for the period: 6 → "1-6月". */
export function periodLabel(endMonth: number): string {
  return `1-${endMonth}月`
}
