import { unitDeadline } from './deadline.js'
import { unitStanding, type ProgressCounts, type StandingRound, type UnitStanding } from './progress-counts.js'
import type { RoundUnit, UnitKind } from './types.js'

/** A unit's standing on the board: the progress API's one rule (src/domain/progress-counts.ts). */
export type BoardStatus = UnitStanding
export const BOARD_STATUSES: readonly BoardStatus[] = ['on_time', 'late', 'awaiting_entry', 'partial', 'missing']

/** One unit's line on the round board. */
export interface BoardRow {
  unitCode: string
  unitName: string
  kind: UnitKind
  /** the township, or the 主管部门 a secondary unit reports under (a department is its own group) */
  groupCode: string
  forms: number
  submitted: number
  status: BoardStatus
  /** a form of it was returned by the bureau and is not filed again yet */
  returned: boolean
  /** the figures are entered in the provincial platform too (已录入) */
  entered: boolean
  deadline: string
  completedAt?: string
}

/** The progress API's counts (one definition), with the board's 已报齐 and 已退回. */
export interface BoardCounts extends ProgressCounts {
  /** done: on time or late */
  submitted: number
  returned: number
}

export interface BoardGroup extends BoardCounts {
  code: string
  name: string
  kind: 'township' | 'department'
}

export interface UnitFacts {
  name: string
  kind: UnitKind
  parentCode?: string
}

/**
 * The board's rows from the round's units and the directory, with the progress API's rule of on time:
 * complete by the unit's deadline (its extension when later). Pure: time and data come in.
 */
export function boardRows(
  roundUnits: readonly BoardRoundUnit[],
  units: ReadonlyMap<string, UnitFacts>,
  round: StandingRound,
): BoardRow[] {
  return roundUnits.map((ru) => {
    const u = units.get(ru.unitCode)
    const deadline = unitDeadline(round, ru)
    const status = unitStanding(round, ru)
    return {
      unitCode: ru.unitCode,
      unitName: u?.name ?? ru.unitCode,
      kind: u?.kind ?? 'department',
      groupCode: u?.kind === 'secondary' && u.parentCode ? u.parentCode : ru.unitCode,
      forms: ru.forms.length,
      submitted: ru.submitted.length,
      status,
      returned: Object.values(ru.heads ?? {}).some((h) => h?.status === 'returned'),
      entered: Boolean(ru.platformEntry),
      deadline: deadline.toISOString(),
      ...(ru.completedAt ? { completedAt: ru.completedAt.toISOString() } : {}),
    }
  })
}

/** What the board reads of a round unit. */
export type BoardRoundUnit = Pick<
  RoundUnit,
  'unitCode' | 'forms' | 'submitted' | 'complete' | 'completedAt' | 'extensionUntil' | 'heads' | 'platformEntry'
>

function emptyCounts(): BoardCounts {
  return {
    expected: 0,
    submitted: 0,
    onTime: 0,
    late: 0,
    missing: 0,
    partial: 0,
    awaitingEntry: 0,
    returned: 0,
    entered: 0,
  }
}

function add(c: BoardCounts, r: BoardRow): void {
  c.expected++
  if (r.status === 'on_time') c.onTime++
  if (r.status === 'late') c.late++
  if (r.status === 'on_time' || r.status === 'late') c.submitted++
  else c.missing++
  if (r.status === 'partial') c.partial++
  if (r.status === 'awaiting_entry') c.awaitingEntry++
  if (r.returned) c.returned++
  if (r.entered) c.entered++
}

/** Counts for the whole board and per township / per department (a department with its secondary units). */
export function boardSummary(
  rows: readonly BoardRow[],
  units: ReadonlyMap<string, UnitFacts>,
): { counts: BoardCounts; townships: BoardGroup[]; departments: BoardGroup[] } {
  const counts = emptyCounts()
  const groups = new Map<string, BoardGroup>()
  for (const r of rows) {
    add(counts, r)
    let g = groups.get(r.groupCode)
    if (!g) {
      const head = units.get(r.groupCode)
      const kind = head?.kind === 'township' ? 'township' : 'department'
      g = { code: r.groupCode, name: head?.name ?? r.groupCode, kind, ...emptyCounts() }
      groups.set(r.groupCode, g)
    }
    add(g, r)
  }
  const sorted = [...groups.values()].sort((a, b) => a.code.localeCompare(b.code))
  return {
    counts,
    townships: sorted.filter((g) => g.kind === 'township'),
    departments: sorted.filter((g) => g.kind === 'department'),
  }
}

export interface BoardQuery {
  /** part of the unit's code or name */
  q?: string
  status?: BoardStatus | 'returned'
  sort: 'unitCode' | 'unitName' | 'status' | 'completedAt'
  order: 'asc' | 'desc'
  limit: number
  offset: number
}

const STATUS_ORDER: Record<BoardStatus, number> = { missing: 0, partial: 1, awaiting_entry: 2, late: 3, on_time: 4 }

/** One page of the rows after search, filter and sort — done here so a 16,000-unit round sends 50 rows. */
export function boardPage(rows: readonly BoardRow[], query: BoardQuery): { rows: BoardRow[]; total: number } {
  const q = query.q?.trim().toLowerCase()
  const kept = rows.filter(
    (r) =>
      (!q || r.unitCode.toLowerCase().includes(q) || r.unitName.toLowerCase().includes(q)) &&
      (!query.status || (query.status === 'returned' ? r.returned : r.status === query.status)),
  )
  const key = (r: BoardRow): string | number =>
    query.sort === 'status'
      ? STATUS_ORDER[r.status]
      : query.sort === 'completedAt'
        ? (r.completedAt ?? '')
        : r[query.sort]
  const dir = query.order === 'desc' ? -1 : 1
  kept.sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    const c = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb), 'zh-CN')
    return c !== 0 ? c * dir : a.unitCode.localeCompare(b.unitCode)
  })
  return { rows: kept.slice(query.offset, query.offset + query.limit), total: kept.length }
}
