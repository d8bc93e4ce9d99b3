import type { BindingRecord } from '../../domain/binding.js'
import type { DepartmentReview } from '../../domain/department-review.js'
import type { NoticeRecord } from '../../domain/notice.js'
import type { OutboxState, OutboxTarget } from '../../domain/outbox-message.js'
import {
  FORM_CODES,
  type Contact,
  type FormCode,
  type Project,
  type Round,
  type Submission,
  type Unit,
} from '../../domain/types.js'
import { AppError } from '../../errors.js'
import { getTemplate, type FormContext } from '../../forms/index.js'
import { answerChanges, type AnswerChange } from '../../forms/answer-changes.js'
import { printedWithDeviations, type ShownTable } from '../../forms/printed-deviations.js'
import { inScope, scopeOf, type Principal } from '../access/principal.js'

/** What the unit page reads (UnitRepository, SubmissionRepository, BindingRepository, …); ports owned here. */
export interface UnitPageSources {
  rounds: { getRound(id: string): Promise<Round | null> }
  units: {
    withProjects(code: string): Promise<{ unit: Unit | null; projects: Project[] }>
    named(code: string): Promise<{ code: string; name: string } | null>
  }
  submissions: { history(roundId: string, unitCode: string, form: FormCode): Promise<Submission[]> }
  deptReviews: { of(submissionId: string): Promise<Pick<DepartmentReview, 'by' | 'at'> | null> }
  bindings: { ofUnit(unitCode: string): Promise<BindingRecord[]> }
  messages: { ofUnit(unitCode: string, limit: number): Promise<UnitMessageRow[]> }
  notices: { byId(id: string): Promise<NoticeRecord | null> }
}

/** An outbox message as the page needs it (src/db/models/outbox-message.ts stores more). */
export interface UnitMessageRow {
  key: string
  channel: string
  target: OutboxTarget
  text: string
  state: OutboxState
  createdAt: Date
  sentAt?: Date
  lastError?: string
  meta?: { kind: string; roundId?: string; noticeId?: string }
}

type Head = Omit<Submission, 'answers' | 'computed'>
export interface FormTables {
  form: FormCode
  title: string
  submission: Head & { departmentReview: Pick<DepartmentReview, 'by' | 'at'> | null }
  tables: ShownTable[]
}
export interface VersionEntry extends Head {
  title: string
  departmentReview: Pick<DepartmentReview, 'by' | 'at'> | null
  /** against the form's previous version; empty for the first */
  changes: AnswerChange[]
}
export interface UnitMessage {
  key: string
  kind: string
  channel: string
  place: string
  text: string
  state: OutboxState
  createdAt: Date
  sentAt?: Date
  error?: string
  /** a notice asking for 收到: whether this unit acknowledged, who and when */
  ack?: { required: boolean; acknowledged: boolean; by?: string; at?: Date }
}
export interface UnitProfile {
  unit: { code: string; name: string; kind: Unit['kind']; parentCode?: string; parentName?: string }
  contacts: Contact[]
  groups: { kind: BindingRecord['kind']; account: string; roomTopic?: string; memberName?: string; boundAt: Date }[]
  departmentReview: boolean
}

const MESSAGES_SHOWN = 100
const strip = ({ answers: _a, computed: _c, ...head }: Submission): Head => head

/**
 * The console's unit page for one round: the unit's tables as printed with their deviations, its
 * versions with what changed between them, its groups and contacts, and the messages sent about it.
 * A unit outside the caller's scope answers exactly like a missing one (404).
 */
export class UnitPage {
  constructor(private readonly s: UnitPageSources) {}

  async profile(p: Principal, roundId: string, unitCode: string): Promise<UnitProfile> {
    const { unit, round } = await this.load(p, roundId, unitCode)
    const [parent, bindings] = await Promise.all([
      unit.parentCode ? this.s.units.named(unit.parentCode) : Promise.resolve(null),
      this.s.bindings.ofUnit(unit.code),
    ])
    return {
      unit: {
        code: unit.code,
        name: unit.name,
        kind: unit.kind,
        parentCode: unit.parentCode,
        parentName: parent?.name,
      },
      contacts: unit.contacts ?? [],
      groups: bindings.map((b) => ({
        kind: b.kind,
        account: b.account,
        roomTopic: b.roomTopic,
        memberName: b.memberName,
        boundAt: b.boundAt,
      })),
      departmentReview: Boolean(round.departmentReview && unit.parentCode),
    }
  }

  /** Per form, the latest non-draft version's printed tables. */
  async tables(p: Principal, roundId: string, unitCode: string): Promise<{ forms: FormTables[] }> {
    const { unit, projects, round } = await this.load(p, roundId, unitCode)
    const dept = unit.parentCode ? await this.s.units.named(unit.parentCode) : null
    const department = `${dept?.name ?? unit.name}（${unit.parentCode ?? unit.code}）`
    const forms: FormTables[] = []
    for (const [form, versions] of await this.histories(round.id, unit.code)) {
      const latest = versions.filter((v) => v.status !== 'draft').at(-1)
      if (!latest) continue
      const template = getTemplate(form)
      forms.push({
        form,
        title: template.title,
        submission: { ...strip(latest), departmentReview: await this.s.deptReviews.of(latest.id) },
        tables: printedWithDeviations(template, contextOf(round, unit, projects, latest), latest.answers, department),
      })
    }
    return { forms }
  }

  /** Every version of every form, latest first, each with its changes from the one before. */
  async versions(p: Principal, roundId: string, unitCode: string): Promise<{ versions: VersionEntry[] }> {
    const { unit, projects, round } = await this.load(p, roundId, unitCode)
    const out: VersionEntry[] = []
    for (const [form, versions] of await this.histories(round.id, unit.code)) {
      const template = getTemplate(form)
      for (const [i, v] of versions.entries()) {
        const before = i > 0 ? versions[i - 1].answers : null
        out.push({
          ...strip(v),
          title: template.title,
          departmentReview: await this.s.deptReviews.of(v.id),
          changes: before ? answerChanges(template, contextOf(round, unit, projects, v), before, v.answers) : [],
        })
      }
    }
    out.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    return { versions: out }
  }

  /** The latest messages about the unit, with a notice's acknowledgement by this unit. */
  async messages(p: Principal, roundId: string, unitCode: string): Promise<{ messages: UnitMessage[] }> {
    await this.load(p, roundId, unitCode)
    const rows = await this.s.messages.ofUnit(unitCode, MESSAGES_SHOWN)
    const ids = [...new Set(rows.map((r) => r.meta?.noticeId).filter((id): id is string => Boolean(id)))]
    const notices = new Map<string, NoticeRecord>()
    for (const n of await Promise.all(ids.map((id) => this.s.notices.byId(id)))) if (n) notices.set(n.id, n)
    return {
      messages: rows.map((r): UnitMessage => {
        const notice = r.meta?.noticeId ? notices.get(r.meta.noticeId) : undefined
        const ack = notice?.acks.find((a) => a.unitCode === unitCode)
        return {
          key: r.key,
          kind: r.meta?.kind ?? 'other',
          channel: r.channel,
          place: placeOf(r.target),
          text: r.text.length > 500 ? `${r.text.slice(0, 500)}…` : r.text,
          state: r.state,
          createdAt: r.createdAt,
          sentAt: r.sentAt,
          error: r.lastError,
          ...(notice
            ? { ack: { required: notice.ackRequired, acknowledged: Boolean(ack), by: ack?.memberName, at: ack?.at } }
            : {}),
        }
      }),
    }
  }

  private async load(p: Principal, roundId: string, unitCode: string) {
    const [round, { unit, projects }] = await Promise.all([
      /^[0-9a-f]{24}$/.test(roundId) ? this.s.rounds.getRound(roundId) : Promise.resolve(null),
      this.s.units.withProjects(unitCode),
    ])
    if (!round) throw AppError.notFound('轮次不存在')
    // another department's unit answers like a missing one: its existence is not disclosed
    if (!unit || !inScope(scopeOf(p), unit)) throw AppError.notFound('单位不存在')
    return { round, unit, projects }
  }

  private async histories(roundId: string, unitCode: string): Promise<[FormCode, Submission[]][]> {
    const all = await Promise.all(FORM_CODES.map((f) => this.s.submissions.history(roundId, unitCode, f)))
    return FORM_CODES.map((f, i): [FormCode, Submission[]] => [f, all[i]]).filter(([, v]) => v.length > 0)
  }
}

/** The context the version was filed against; its time the submission's, so dated indicators judge as then. */
function contextOf(round: Round, unit: Unit, projects: Project[], s: Submission): FormContext {
  return {
    unit: { code: unit.code, name: unit.name },
    projects,
    department: { budget: unit.budget, indicators: unit.indicators ?? [] },
    round: { year: round.year, endMonth: round.endMonth, tolerance: round.tolerance, jumpFactor: round.jumpFactor },
    now: (s.submittedAt ?? s.createdAt).toISOString(),
  }
}

/** "县第一中学财务群", "张会计", or the channel's own word for a recipient without a name. */
function placeOf(t: OutboxTarget): string {
  const x = t as { roomTopic?: string; contactName?: string; to?: string | string[]; chatId?: string }
  if (x.roomTopic) return x.roomTopic
  if (x.contactName) return x.contactName
  if (x.to) return Array.isArray(x.to) ? x.to.join('、') : x.to
  return x.chatId ?? ''
}
