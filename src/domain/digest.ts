import { formTitles } from './form-titles.js'
import { localParts } from './local-time.js'
import { daysOverdue, missingForms, unitDeadline } from './reminder-policy.js'
import { deadlineLabel } from './reminder-text.js'
import type { Contact, FormCode, ManagerScope } from './types.js'

/**
 * Digest building, pure: the managers' daily overdue digest and the bureau's weekly progress summary
 * share one shape. Counts first, then one row per unit:
 *   示例县林业局 · 逾期3天 · 未交：项目支出绩效目标执行监控表 · 财务：张丽 13900000042
 * The e-mail template (src/mail/digest-template.ts) and the XLSX attachment render it.
 */

export interface DigestUnit {
  code: string
  name: string
  parentCode?: string
  tags: string[]
  contacts: Contact[]
}

export interface DigestStatus {
  unitCode: string
  forms: FormCode[]
  submitted: FormCode[]
  extensionUntil?: Date
}

export interface DigestRow {
  unitCode: string
  unitName: string
  missing: string[]
  /** '7月10日（周六）24:00', the unit's own (extended) deadline */
  deadline: string
  daysOverdue: number
  financeName: string
  financePhone: string
}

export interface Digest {
  kind: 'overdue' | 'weekly'
  roundTitle: string
  /** local day the digest is for, '2027-07-13' */
  day: string
  counts: { units: number; complete: number; pending: number; overdue: number; unreachable: number }
  rows: DigestRow[]
  /** units no reminder can reach (no bound group or member) */
  unreachable: { code: string; name: string }[]
}

export interface DigestInput {
  kind: Digest['kind']
  roundTitle: string
  dueAt: Date
  now: Date
  zone: string
  counts: { units: number; complete: number }
  /** the incomplete units to list (already filtered by scope and, for managers, by overdue day) */
  pending: { unit: DigestUnit; status: DigestStatus }[]
  /** codes of listed units that no reminder can reach */
  unreachable: ReadonlySet<string>
}

export function digestRow(unit: DigestUnit, status: DigestStatus, dueAt: Date, now: Date, zone: string): DigestRow {
  const deadline = unitDeadline({ dueAt }, status)
  const finance = unit.contacts.find((c) => c.role === 'finance')
  return {
    unitCode: unit.code,
    unitName: unit.name,
    missing: formTitles(missingForms(status)),
    deadline: deadlineLabel(deadline, zone),
    daysOverdue: daysOverdue(deadline, now, zone),
    financeName: finance?.name ?? '（未登记）',
    financePhone: finance?.phone ?? '',
  }
}

/** Rows most overdue first, then by unit code, so a manager reads the worst cases first. */
export function buildDigest(input: DigestInput): Digest {
  const rows = input.pending
    .map((p) => digestRow(p.unit, p.status, input.dueAt, input.now, input.zone))
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.unitCode.localeCompare(b.unitCode))
  const unreachable = input.pending.filter((p) => input.unreachable.has(p.unit.code)).map((p) => ({ code: p.unit.code, name: p.unit.name }))
  return {
    kind: input.kind,
    roundTitle: input.roundTitle,
    day: localParts(input.now, input.zone).day,
    counts: {
      units: input.counts.units,
      complete: input.counts.complete,
      pending: input.counts.units - input.counts.complete,
      overdue: rows.filter((r) => r.daysOverdue > 0).length,
      unreachable: unreachable.length,
    },
    rows,
    unreachable,
  }
}

/** A manager's scope: every unit, a 主管部门 and its second-level units, or units with a tag. */
export function inScope(scope: ManagerScope, unit: Pick<DigestUnit, 'code' | 'parentCode' | 'tags'>): boolean {
  if (scope.kind === 'all') return true
  if (scope.kind === 'department') return unit.code === scope.code || unit.parentCode === scope.code
  return unit.tags.includes(scope.tag)
}
