import type { Clock } from '../../clock.js'
import type { BindingRecord } from '../../domain/binding.js'
import type { DepartmentReview } from '../../domain/department-review.js'
import type { FormCode, Submission, SubmissionStatus, Unit } from '../../domain/types.js'
import { AppError } from '../../errors.js'
import { getTemplate } from '../../forms/index.js'
import { groupTarget, isWecomAccount } from '../../domain/group-target.js'
import { PRIORITY, type OutboxInput, type OutboxPort } from '../../domain/outbox-message.js'
import { actorOf, inScope, scopeOf, type Principal } from '../access/principal.js'
import type { RoundReader, SubmissionStore } from '../filing/filing-ports.js'
import type { SubmissionService } from '../filing/submission-service.js'

export interface SubmissionFilter {
  roundId: string
  unitCode?: string
  form?: FormCode
  status?: SubmissionStatus
  limit: number
  offset: number
}

/** The submission reads the review needs (src/db/repositories/submission-repository.ts). */
export interface ReviewedSubmissions extends Pick<SubmissionStore, 'findById'> {
  /** a round's submissions without answers, by unit, form and version; `unitCode` a list: any of them */
  listed(q: {
    roundId: string
    unitCode?: string | string[]
    form?: FormCode
    status?: SubmissionStatus
    limit: number
    offset: number
  }): Promise<Omit<Submission, 'answers' | 'computed'>[]>
}

/** The 主管部门's acceptances (src/db/repositories/department-review-repository.ts). */
export interface DepartmentReviews {
  of(submissionId: string): Promise<Pick<DepartmentReview, 'by' | 'at'> | null>
  /** records the acceptance unless one is there already */
  record(r: DepartmentReview): Promise<void>
  exists(submissionId: string): Promise<boolean>
}

/** What the review needs of units (UnitRepository). */
export interface ReviewUnits {
  brief(code: string): Promise<Pick<Unit, 'code' | 'parentCode' | 'name'> | null>
  codesUnder(parentCode: string): Promise<string[]>
}

/** Where a unit is reached (BindingRepository): its active own-group and member bindings. */
export interface UnitReach {
  ofUnit(unitCode: string): Promise<BindingRecord[]>
  /** a shared group's own binding (where its WeCom push address is kept) */
  roomBinding(roomId: string): Promise<BindingRecord | null>
}

/**
 * The bureau's and departments' review: list and read submissions within the caller's scope, return
 * with a comment (the unit is told in its WeChat group through the outbox), accept — in rounds with
 * department review, the 主管部门 accepts a secondary unit's version first and the bureau after.
 */
export class ReviewService {
  constructor(
    private readonly rows: ReviewedSubmissions,
    private readonly deptReviews: DepartmentReviews,
    private readonly units: ReviewUnits,
    private readonly bindings: UnitReach,
    private readonly submissions: SubmissionService,
    private readonly rounds: RoundReader,
    private readonly outbox: OutboxPort,
    private readonly clock: Clock,
  ) {}

  /** Answers left out of the list. */
  async list(p: Principal, f: SubmissionFilter): Promise<Omit<Submission, 'answers' | 'computed'>[]> {
    const scope = scopeOf(p)
    let unitCode: string | string[] | undefined = f.unitCode || undefined
    if (scope.kind === 'department') {
      const children = await this.units.codesUnder(scope.code)
      // another department's unit is asked for: none found
      unitCode = f.unitCode ? (children.includes(f.unitCode) ? f.unitCode : '\u0000none') : children
    }
    return this.rows.listed({
      roundId: f.roundId,
      unitCode,
      form: f.form || undefined,
      status: f.status || undefined,
      limit: f.limit,
      offset: f.offset,
    })
  }

  async get(p: Principal, id: string): Promise<Submission & { departmentReview: { by: string; at: Date } | null }> {
    const s = await this.inScopeOrThrow(p, id)
    const dr = await this.deptReviews.of(s.id)
    return { ...s, departmentReview: dr ?? null }
  }

  async returnSubmission(
    p: Principal,
    id: string,
    comment: string,
  ): Promise<{ submission: Submission; notified: number }> {
    await this.inScopeOrThrow(p, id)
    const s = await this.submissions.returnSubmission(id, comment, actorOf(p))
    return { submission: s, notified: await this.notifyReturned(s) }
  }

  async accept(p: Principal, id: string): Promise<Submission & { stage: 'department' | 'final' }> {
    const s = await this.inScopeOrThrow(p, id)
    const round = await this.rounds.getRound(s.roundId)
    const unit = await this.units.brief(s.unitCode)
    const needsDept = Boolean(round?.departmentReview && unit?.parentCode)
    if (p.kind === 'admin' && p.role === 'dept_reviewer') {
      if (!needsDept) throw AppError.conflict('no_department_review', '本轮无需主管部门审核，由财政局直接审核')
      if (s.status !== 'submitted') throw AppError.conflict('invalid_state', `当前状态（${s.status}）不能审核`)
      await this.deptReviews.record({ submissionId: s.id, by: actorOf(p), at: this.clock.now() })
      return { ...s, stage: 'department' }
    }
    if (needsDept && !(await this.deptReviews.exists(s.id))) {
      throw AppError.conflict('awaiting_department_review', '该表须先由主管部门审核通过')
    }
    return { ...(await this.submissions.accept(id, actorOf(p))), stage: 'final' }
  }

  private async inScopeOrThrow(p: Principal, id: string): Promise<Submission> {
    const s = /^[0-9a-f]{24}$/.test(id) ? await this.rows.findById(id) : null
    if (!s) throw AppError.notFound('提交记录不存在')
    const unit = await this.units.brief(s.unitCode)
    // another unit's record answers exactly like a missing one: its existence is not disclosed
    if (!unit || !inScope(scopeOf(p), unit)) throw AppError.notFound('提交记录不存在')
    return s
  }

  /** One message per place the unit is reachable: its own group, or its members @-mentioned in a shared group. */
  private async notifyReturned(s: Submission): Promise<number> {
    const [unit, round, places] = await Promise.all([
      this.units.brief(s.unitCode),
      this.rounds.getRound(s.roundId),
      this.bindings.ofUnit(s.unitCode),
    ])
    const text = `【退回修改】${unit?.name ?? s.unitCode}：${round?.title ?? ''}《${getTemplate(s.form).title}》第 ${s.version} 版已被退回。\n意见：${s.comment ?? ''}\n请修改后重新提交（回复“填报”或在小程序中修改）。`
    const at = (s.reviewedAt ?? this.clock.now()).getTime()
    const msgs: OutboxInput[] = []
    const rooms = places.filter((b) => b.kind === 'unit-room' && b.roomId)
    for (const b of rooms) {
      msgs.push({
        key: `return:${s.id}:${at}:${b.roomId}`,
        account: b.account,
        target: groupTarget(b),
        text,
        priority: PRIORITY.alert,
        meta: { kind: 'return', roundId: s.roundId, unitCodes: [s.unitCode] },
      })
    }
    const members = places.filter((b) => b.kind === 'member' && b.roomId)
    for (const roomId of new Set(members.map((b) => b.roomId ?? ''))) {
      const inRoom = members.filter((b) => b.roomId === roomId)
      const mentions = inRoom.map((b) => ({ id: b.memberId, name: b.memberName ?? '' }))
      // a shared WeCom group's push address is on the group's own binding, not on its members'
      const shared = isWecomAccount(inRoom[0].account) ? await this.bindings.roomBinding(roomId) : null
      msgs.push({
        key: `return:${s.id}:${at}:${roomId}`,
        account: inRoom[0].account,
        target: groupTarget({ ...inRoom[0], webhookKey: shared?.webhookKey }, mentions),
        text,
        priority: PRIORITY.alert,
        meta: { kind: 'return', roundId: s.roundId, unitCodes: [s.unitCode] },
      })
    }
    return msgs.length ? this.outbox.enqueueMany(msgs) : 0
  }
}
