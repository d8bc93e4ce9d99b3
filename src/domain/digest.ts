import { localParts } from './local-time.js'
import { unitDeadline } from './deadline.js'
import { daysOverdue, missingForms } from './reminder-policy.js'
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
  /** every form is in; what is owed is the platform entry (a round that requires it) */
  entryOwed?: true
}

export interface Digest {
  kind: 'overdue' | 'weekly'
  roundTitle: string
  /** local day the digest is for, '2027-07-13' */
  day: string
  counts: {
    units: number
    complete: number
    pending: number
    overdue: number
    unreachable: number
    /** of the listed rows, those that owe only the platform entry (已提交未录入); absent when none */
    awaitingEntry?: number
  }
  rows: DigestRow[]
  /** units no reminder can reach (no bound group or member) */
  unreachable: { code: string; name: string }[]
  /**
   * WeCom groups without a push address (unpushedGroupLabel), in the whole-county digests only (the
   * weekly summary, a manager of every unit): a department's manager cannot set a push address anyway
   */
  unpushedGroups: string[]
}

export interface DigestInput {
  kind: Digest['kind']
  roundTitle: string
  /** the tables' full titles (formTitles in src/forms/titles.ts, from the templates) */
  titles: (forms: readonly FormCode[]) => string[]
  dueAt: Date
  now: Date
  zone: string
  counts: { units: number; complete: number }
  /** the incomplete units to list (already filtered by scope and, for managers, by overdue day) */
  pending: { unit: DigestUnit; status: DigestStatus }[]
  /** codes of listed units that no reminder can reach */
  unreachable: ReadonlySet<string>
  /** the WeCom groups without a push address, as named to the bureau (none when absent) */
  unpushedGroups?: readonly string[]
}

export function digestRow(
  unit: DigestUnit,
  status: DigestStatus,
  dueAt: Date,
  now: Date,
  zone: string,
  titles: DigestInput['titles'],
  words?: DeadlineWords,
): DigestRow {
  const deadline = unitDeadline({ dueAt }, status)
  const finance = unit.contacts.find((c) => c.role === 'finance')
  const w = words
    ? words(deadline)
    : { label: deadlineLabel(deadline, zone), overdue: daysOverdue(deadline, now, zone) }
  return {
    unitCode: unit.code,
    unitName: unit.name,
    missing: missingOrEntry(titles(missingForms(status))),
    ...(missingForms(status).length === 0 ? { entryOwed: true as const } : {}),
    deadline: w.label,
    daysOverdue: w.overdue,
    financeName: finance?.name ?? '（未登记）',
    financePhone: finance?.phone ?? '',
  }
}

/** A unit pending with every form in owes the platform entry (a round that requires it): said so in the row. */
function missingOrEntry(missing: string[]): string[] {
  return missing.length > 0 ? missing : [ENTRY_OWED]
}

export const ENTRY_OWED = '平台录入（监控表已提交，尚未登记已录入）'

function awaitingCount(rows: readonly DigestRow[]): { awaitingEntry?: number } {
  const n = rows.filter((r) => r.entryOwed).length
  return n > 0 ? { awaitingEntry: n } : {}
}

/** A deadline's label and days overdue: a round has one deadline plus a few extensions, so compute each once. */
type DeadlineWords = (deadline: Date) => { label: string; overdue: number }

function deadlineWords(now: Date, zone: string): DeadlineWords {
  const seen = new Map<number, { label: string; overdue: number }>()
  return (deadline) => {
    let w = seen.get(deadline.getTime())
    if (!w)
      seen.set(
        deadline.getTime(),
        (w = { label: deadlineLabel(deadline, zone), overdue: daysOverdue(deadline, now, zone) }),
      )
    return w
  }
}

/**
 * Rows most overdue first, then by unit code, so a manager reads the worst cases first. The caller
 * passes unpushedGroups only for a whole-county digest.
 */
export function buildDigest(input: DigestInput): Digest {
  return assemble(input, entriesOf(input), true)
}

/** A listed unit: its row, and what scoping needs of the unit. */
interface Entry {
  row: DigestRow
  unit: DigestUnit
}

const byCode = new Intl.Collator()

function entriesOf(input: Pick<DigestInput, 'pending' | 'dueAt' | 'now' | 'zone' | 'titles'>): Entry[] {
  const words = deadlineWords(input.now, input.zone)
  return input.pending
    .map((p) => ({
      row: digestRow(p.unit, p.status, input.dueAt, input.now, input.zone, input.titles, words),
      unit: p.unit,
    }))
    .sort((a, b) => b.row.daysOverdue - a.row.daysOverdue || byCode.compare(a.row.unitCode, b.row.unitCode))
}

function assemble(input: Omit<DigestInput, 'pending'>, entries: readonly Entry[], wholeCounty: boolean): Digest {
  const rows = entries.map((e) => e.row)
  const unreachable = entries
    .filter((e) => input.unreachable.has(e.unit.code))
    .map((e) => ({ code: e.unit.code, name: e.unit.name }))
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
      ...awaitingCount(rows),
    },
    rows,
    unreachable,
    unpushedGroups: wholeCounty ? [...(input.unpushedGroups ?? [])] : [],
  }
}

/**
 * Every manager's digest of one round from one set of rows: each unit's row is built once, the rows
 * sorted once, and a scope picks its units from an index by department (the unit's own code and its
 * parent's) or tag, so 400 managers over 5,600 overdue units cost about one pass over them rather than
 * one each. The same Digest object is returned for equal scopes (callers may cache per digest, e.g.
 * the attachment). forScope(s) equals buildDigest({ ...input, pending: pending filtered by inScope(s) }).
 */
export class DigestBook {
  private readonly entries: Entry[]
  private readonly byDept = new Map<string, Entry[]>()
  private readonly byTag = new Map<string, Entry[]>()
  private readonly digests = new Map<string, Digest>()

  constructor(
    private readonly input: Omit<DigestInput, 'pending'>,
    pending: DigestInput['pending'],
  ) {
    this.entries = entriesOf({ ...input, pending })
    for (const e of this.entries) {
      push(this.byDept, e.unit.code, e)
      if (e.unit.parentCode && e.unit.parentCode !== e.unit.code) push(this.byDept, e.unit.parentCode, e)
      for (const tag of new Set(e.unit.tags)) push(this.byTag, tag, e)
    }
  }

  forScope(scope: ManagerScope): Digest {
    const key =
      scope.kind === 'all' ? 'all' : scope.kind === 'department' ? `department:${scope.code}` : `tag:${scope.tag}`
    let digest = this.digests.get(key)
    if (!digest) {
      const entries =
        scope.kind === 'all'
          ? this.entries
          : ((scope.kind === 'department' ? this.byDept.get(scope.code) : this.byTag.get(scope.tag)) ?? [])
      digest = assemble(this.input, entries, scope.kind === 'all')
      this.digests.set(key, digest)
    }
    return digest
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k)
  if (list) list.push(v)
  else m.set(k, [v])
}

/** A manager's scope: every unit, a 主管部门 and its second-level units, or units with a tag. */
export function inScope(scope: ManagerScope, unit: Pick<DigestUnit, 'code' | 'parentCode' | 'tags'>): boolean {
  if (scope.kind === 'all') return true
  if (scope.kind === 'department') return unit.code === scope.code || unit.parentCode === scope.code
  return unit.tags.includes(scope.tag)
}
