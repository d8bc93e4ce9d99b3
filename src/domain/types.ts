/**
 * Entity types shared by every layer (chat, HTTP, jobs). Plain data: no mongoose, no methods.
 * Money is always an integer number of 分 (fen): 12.5万元 = 12_500_000 fen. Never a float of 元.
 */
import type { PlatformEntry } from './platform-entry.js'

export type Fen = number

export type UnitKind = 'department' | 'secondary' | 'township'
export type ContactRole = 'finance' | 'head'

export interface Contact {
  name: string
  /** display name in WeChat groups, used to @mention and to re-match after a re-login */
  wechatName?: string
  phone?: string
  email?: string
  role: ContactRole
}

/** A budget line: 年初预算数 and 调整后预算数 (adjusted, when the budget was raised or cut mid-year). */
export interface BudgetLine {
  initial: Fen
  adjusted?: Fen
}

export type Comparator = '>=' | '<=' | '='
/** How an indicator is judged against time progress — see ../shared/docs/domain.md "Deviation rules". */
export type IndicatorBasis = 'cumulative' | 'cap' | 'level' | 'milestone' | 'qualitative'
export const INDICATOR_LEVEL1 = ['产出指标', '效益指标', '满意度指标'] as const

export interface Indicator {
  code: string
  level1: string
  level2: string
  /** 三级指标, e.g. "改造农村危房户数" */
  name: string
  comparator: Comparator
  /** number for cumulative/cap/level, ISO date (YYYY-MM-DD) for milestone, text for qualitative */
  target: number | string
  /** unit of measure: 户, %, 天, 公里, 万元 … ('' for qualitative) */
  measure: string
  basis: IndicatorBasis
  /** the provincial platform's 一级/二级 indicator codes, when imported from it (issue 17) */
  level1Code?: string
  level2Code?: string
}

export interface ProjectFunds {
  total: BudgetLine
  fiscal: BudgetLine
  other: BudgetLine
}

export interface Project {
  unitCode: string
  code: string
  name: string
  funds: ProjectFunds
  /** 年度总体目标 */
  goal: string
  indicators: Indicator[]
  /** 县级安排项目: appears in the 县级安排项目支出明细监控表; `arranged` is the amount the county arranged */
  countyArranged?: { arranged: Fen }
  /** 预算执行数 per fund line as the provincial platform last exported it (POST /api/admin/import/platform) */
  platformExecuted?: { total: Fen; fiscal: Fen; other: Fen }
}

export interface DepartmentBudget {
  total: BudgetLine
  basic: BudgetLine
  project: BudgetLine
}

export interface Unit {
  code: string
  name: string
  kind: UnitKind
  /** 主管部门 code for a secondary unit */
  parentCode?: string
  tags: string[]
  contacts: Contact[]
  /** department-wide budget and indicators, for the 部门整体支出 table */
  budget?: DepartmentBudget
  indicators: Indicator[]
}

export type ManagerScope = { kind: 'all' } | { kind: 'department'; code: string } | { kind: 'tag'; tag: string }

export interface Manager {
  name: string
  email: string
  scope: ManagerScope
}

/** Form codes: one per monitoring table. Templates carry versioned ids such as "project@1". */
export const FORM_CODES = ['department', 'project', 'county-detail', 'disclosure'] as const
export type FormCode = (typeof FORM_CODES)[number]

export type RoundStatus = 'draft' | 'open' | 'closed' | 'locked'

/**
 * One unit's place in a round: the forms it must file and where it stands. Its own collection (not an
 * array in the round) so a province-sized round stays small documents and sweeps are index scans.
 */
export interface RoundUnit {
  roundId: string
  unitCode: string
  forms: FormCode[]
  /** extended due instant for this unit (bureau grant) */
  extensionUntil?: Date
  /** forms with a final (non-draft) submission */
  submitted: FormCode[]
  /** every form submitted */
  complete: boolean
  completedAt?: Date
  /** the bureau reopened this unit after the lock */
  reopened?: boolean
  /**
   * Each form's current state, the authority for it (issue 19, "submit in one write"): a write is one
   * conditional update of this document, the `submissions` history is appended after it. With
   * `fullHeads` every head is a FullHead; without it (a round unit from before, or written by hand) the
   * submission service first builds them from the submissions (SubmissionService, slow path).
   */
  heads?: Partial<Record<FormCode, SubmissionHead>>
  /** the heads are FullHeads, kept by the one-write path (set when planned, or migrated on first write) */
  fullHeads?: boolean
  /**
   * set on every unit not reopened when the bureau locks the round (cleared by reopening): the head
   * write refuses a locked unit, so a lock holds in every process at once, whatever round they cached
   */
  locked?: boolean
  /** the figures are entered in the provincial platform too (src/domain/platform-entry.ts) */
  platformEntry?: PlatformEntry
}

export interface ReminderSettings {
  /** days before the due date at which to remind, e.g. [7, 3, 1] */
  daysBefore: number[]
  /** local times (Asia/Shanghai, HH:mm) on reminder days before the due date */
  time: string
  /** local times on the due date itself */
  dueDayTimes: string[]
  quietStart: string
  quietEnd: string
}

export interface EscalationSettings {
  /** day after the due date on which the firmer group reminder and the head's e-mail go out */
  headEmailDay: number
  /** from this day after the due date, a daily digest to managers */
  digestFromDay: number
}

export interface Round {
  id: string
  title: string
  year: number
  /** last month covered: 6 for 1-6月, 9 for 1-9月 */
  endMonth: number
  /** the due instant: 23:59:59 Asia/Shanghai of the due date */
  dueAt: Date
  /** after this instant units can no longer edit */
  lockAt?: Date
  /** tolerance in percentage points below time progress before a line counts as lagging (default 0) */
  tolerance: number
  /** a change against last round larger than this factor asks for a confirmation (default 3) */
  jumpFactor: number
  status: RoundStatus
  reminders: ReminderSettings
  escalation: EscalationSettings
  /** id of the previous round (same year, earlier period) for comparisons */
  previousRoundId?: string
  /** department reviewer accepts before the bureau */
  departmentReview?: boolean
  /** a unit counts as done only once its forms are submitted and it is entered in the platform (default false) */
  requirePlatformEntry?: boolean
}

export type SubmissionStatus = 'draft' | 'submitted' | 'returned' | 'accepted'
export type Channel = 'wechat' | 'miniprogram' | 'admin'

/** What the readers need to know of a form's latest version (see RoundUnit.heads); every head has this. */
export type SubmissionHead = Pick<Submission, 'id' | 'version' | 'status' | 'by' | 'channel' | 'firstSubmittedAt'> & {
  updatedAt: Date
}

/**
 * A form's current state as the one-write path keeps it on the round unit: everything its submissions
 * row holds, and `seq`, which every write of the head increments (the precondition of the next write).
 */
export type FullHead = Omit<Submission, 'roundId' | 'unitCode' | 'form' | 'seq' | 'updatedAt'> & {
  seq: number
  updatedAt: Date
}

/** What a write needs of a round unit: its forms, what decides its lock and lateness, its heads. */
export type UnitState = Pick<
  RoundUnit,
  'forms' | 'submitted' | 'complete' | 'extensionUntil' | 'reopened' | 'locked' | 'fullHeads'
> & {
  heads: Partial<Record<FormCode, FullHead>>
  /** the round unit's document id (a write finds the document by it; its filter asks the unit's keys too) */
  docId?: string
}

/** What a round unit's head write asks (RoundUnitHeads.writeHead, the UnitHeads port). */
export interface HeadWrite {
  roundId: string
  unitCode: string
  form: FormCode
  /** the round unit's document id, when the writer read it (UnitState.docId) */
  docId?: string
  /** the head's seq the write was computed from; null: no head yet */
  expectedSeq: number | null
  extensionUntil: Date | null
  reopened: boolean
  head: FullHead
  final: boolean
  /**
   * For a final write, what the writer knows of the unit's completion; the write's filter asks it too, so
   * a stale belief makes the write fail (re-read, retried), never a wrong `complete`:
   * - 'already': the unit is complete;
   * - `{ missing }`: another of the unit's forms is not submitted yet, so this write cannot complete it;
   * - `{ completes }`: the unit's forms are exactly these and every other one is submitted, so this write
   *   completes the unit and sets `complete` with the head.
   * Absent: the write reads the unit's progress back and completes it when due.
   */
  completion?: 'already' | { missing: FormCode } | { completes: readonly FormCode[] }
}

/** A head write that held: whether it completed the unit (every form submitted; `complete` is set). */
export interface HeadWritten {
  completes: boolean
}

export interface Submission {
  id: string
  roundId: string
  unitCode: string
  form: FormCode
  version: number
  status: SubmissionStatus
  /** answers keyed by field path, as the form engine stores them */
  answers: Record<string, unknown>
  /** computed values: rates, flags */
  computed: Record<string, unknown>
  by: string
  channel: Channel
  createdAt: Date
  submittedAt?: Date
  /** time of the first final submission of this form; kept through returns and resubmissions */
  firstSubmittedAt?: Date
  onTime?: boolean
  /** the bureau's (or department reviewer's) comment when returning */
  comment?: string
  reviewedBy?: string
  reviewedAt?: Date
  updatedAt?: Date
  /** the head's write sequence when this row was written (see FullHead); absent on rows from before */
  seq?: number
}
