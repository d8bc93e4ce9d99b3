/** 1万元 in 分 */
export const WAN = 1_000_000

/** A complete department@1 submission of the demo context (fixtures/demo-context.ts) with everything on track. */
export const onTrackDepartment = (): Record<string, unknown> => ({
  'funds.total.executed': 260 * WAN,
  'funds.total.expected': 500 * WAN,
  'funds.basic.executed': 160 * WAN,
  'funds.basic.expected': 300 * WAN,
  'funds.project.executed': 100 * WAN,
  'funds.project.expected': 200 * WAN,
  'indicators.D1.actual': 92,
  'indicators.D1.expected': 92,
  'indicators.D2.actual': 6,
  'indicators.D2.expected': 12,
})
