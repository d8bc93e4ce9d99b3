import type { FormTemplate } from './template.js'

/**
 * Whether an answer path of this template holds money (integer 分), read from the template alone — so an
 * export can label an amount even for a project no longer in the unit's list:
 *   "projects.P1.funds.total.executed", "funds.basic.budget" (a budget typed into the form) → true;
 *   "projects.P1.funds.total.dev.explanation", "projects.P1.indicators.I4.actual" (an indicator in 万元
 *   is a figure, not money) → false.
 */
export function isMoneyPath(template: FormTemplate, path: string): boolean {
  const segments = path.split('.')
  const field = segments.at(-1) ?? ''
  // fields asked once per scope sit right under its prefix: "goalProgress", "projects.P1.goalProgress"
  const scoped = segments.length === 1 || (segments.length === 3 && segments[0] === 'projects')
  for (const group of template.groups) {
    const once = group.type === 'fields' ? group.fields : group.type === 'fund-lines' ? (group.extra ?? []) : []
    if (scoped && once.some((f) => f.key === field && f.kind === 'money')) return true
    if (group.type !== 'fund-lines') continue
    // a fund line's own columns: "<prefix>funds.<line>.<field>"
    const [funds, line] = segments.slice(-3, -1)
    if (funds !== 'funds' || !group.lines.some((l) => l.key === line)) continue
    const money = [group.executed, ...group.others].filter((f) => f.kind === 'money').map((f) => f.key)
    if (field === 'budget' || money.includes(field)) return true
  }
  return false
}
