import { Types, type Connection } from 'mongoose'
import type { Clock } from '../clock.js'
import { bindingModel, type BindingDoc } from '../db/models/binding.js'
import { noticeModel, type Notice, type NoticeDoc } from '../db/models/notice.js'
import { unitModel } from '../db/models/unit.js'
import { describeTargets, targetFilter, type NoticeTargets } from '../domain/notice-targets.js'
import { AppError } from '../errors.js'
import type { OutboxPort } from '../outbox/message.js'
import { outboxModel } from '../db/models/outbox-message.js'
import { noticeMessage, routeNotice, type RoutedUnit } from './notice-routing.js'
import { buildNoticeStatus, type NoticeStatus } from './notice-status.js'

export const DEFAULT_ACK_KEYWORD = '收到'
/** how long a notice drafted in the bureau group waits for its 确认 */
export const DRAFT_TTL_MS = 30 * 60_000

export interface NoticeInput {
  title: string
  body: string
  targets: NoticeTargets
  ackRequired?: boolean
  ackKeyword?: string
  /** a scheduled notice waits in the outbox until then */
  sendAt?: Date
  /** one reminder to units that have not acknowledged, this long after sending */
  followUpAfterMinutes?: number
}

export interface NoticeSummary {
  id: string
  title: string
  targets: string
  units: number
  groups: number
  noGroup: { unitCode: string; unitName: string }[]
  sendAt: Date
  status: Notice['status']
}

/**
 * Broadcasts notices: targets → units → groups (notice-routing.ts) → outbox messages keyed
 * `notice:<id>:<room>` with PRIORITY.notice, paced like every other WeChat message. From the admin API
 * a notice is queued at once; from the bureau group it is a draft until the sender answers 确认.
 */
export class NoticeService {
  readonly notices
  private units
  private bindings
  constructor(
    conn: Connection,
    private readonly outbox: OutboxPort,
    private readonly clock: Clock,
  ) {
    this.notices = noticeModel(conn)
    this.units = unitModel(conn)
    this.bindings = bindingModel(conn)
  }

  async create(input: NoticeInput, createdBy: Notice['createdBy'], opts: { draft?: boolean } = {}): Promise<NoticeSummary> {
    const now = this.clock.now()
    const units = await this.targetUnits(input.targets)
    if (units.length === 0) throw AppError.invalid(`没有符合条件的单位（${describeTargets(input.targets)}）`)
    const _id = new Types.ObjectId()
    const { routes, noGroup } = routeNotice(String(_id), units, await this.reach(units.map((u) => u.code)))
    const sendAt = input.sendAt && input.sendAt > now ? input.sendAt : now
    const doc: NoticeDoc = {
      _id,
      title: input.title.trim(),
      body: input.body.trim(),
      targets: input.targets,
      unitCodes: units.map((u) => u.code).sort(),
      ackRequired: input.ackRequired ?? true,
      ackKeyword: input.ackKeyword?.trim() || DEFAULT_ACK_KEYWORD,
      sendAt,
      followUpAfterMinutes: input.followUpAfterMinutes,
      status: opts.draft ? 'draft' : 'queued',
      routes,
      noGroup,
      acks: [],
      createdBy,
      createdAt: now,
    }
    doc.followUpAt = followUpAt(doc)
    await this.notices.create(doc)
    if (!opts.draft) await this.enqueue(doc)
    return this.summary(doc, units)
  }

  /**
   * 确认 in the bureau group: the draft is queued once (a second 确认 finds no draft). A draft older than
   * DRAFT_TTL_MS is discarded instead: its group count may no longer hold, and a late 确认 is a slip.
   */
  async confirm(id: string): Promise<NoticeDoc | 'expired' | null> {
    const draft = await this.notices.findOne({ _id: id, status: 'draft' }).lean<NoticeDoc>()
    if (!draft) return null
    const now = this.clock.now()
    if (now.getTime() - draft.createdAt.getTime() > DRAFT_TTL_MS) {
      await this.discard(id)
      return 'expired'
    }
    const sendAt = draft.sendAt > now ? draft.sendAt : now
    const queued = await this.notices
      .findOneAndUpdate({ _id: id, status: 'draft' }, { $set: { status: 'queued', sendAt, followUpAt: followUpAt({ ...draft, sendAt }) } }, { returnDocument: 'after' })
      .lean<NoticeDoc>()
    if (queued) await this.enqueue(queued)
    return queued
  }

  async discard(id: string): Promise<void> {
    await this.notices.updateOne({ _id: id, status: 'draft' }, { $set: { status: 'discarded' } })
  }

  /** Delivery and acknowledgement per unit, with names (GET /api/admin/notices/:id, 通知情况). */
  async status(n: NoticeDoc): Promise<NoticeStatus> {
    const [messages, names] = await Promise.all([outboxModel(this.notices.db).find({ key: { $in: n.routes.map((r) => r.key) } }).lean(), this.unitNames(n.unitCodes)])
    return buildNoticeStatus(n, messages, names)
  }

  /** Queued notices, latest first, without their per-unit detail. */
  async list(limit: number, offset: number): Promise<NoticeSummary[]> {
    const rows = await this.notices.find({ status: 'queued' }).sort({ createdAt: -1, _id: -1 }).skip(offset).limit(limit).lean<NoticeDoc[]>()
    const names = await this.unitNames([...new Set(rows.flatMap((n) => n.noGroup))])
    return rows.map((n) => this.summary(n, [...names].map(([code, name]) => ({ code, name, contacts: [] }))))
  }

  get(id: string): Promise<NoticeDoc | null> {
    if (!Types.ObjectId.isValid(id)) return Promise.resolve(null)
    return this.notices.findById(id).lean<NoticeDoc>()
  }

  /** The latest queued notice, or the latest whose title contains `query` (通知情况 <标题>). */
  find(query = ''): Promise<NoticeDoc | null> {
    const q = query.trim()
    const title = q ? { title: { $regex: q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') } } : {}
    return this.notices.findOne({ status: 'queued' as const, ...title }).sort({ createdAt: -1, _id: -1 }).lean<NoticeDoc>()
  }

  targetUnits(targets: NoticeTargets): Promise<RoutedUnit[]> {
    return this.units.find(targetFilter(targets), { code: 1, name: 1, contacts: 1 }).sort({ code: 1 }).lean<RoutedUnit[]>()
  }

  /** Active own-group and member bindings of the units, plus the shared groups those members sit in. */
  async reach(unitCodes: string[]): Promise<BindingDoc[]> {
    const own = await this.bindings.find({ unitCode: { $in: unitCodes }, active: true, kind: { $in: ['unit-room', 'member'] } }).lean<BindingDoc[]>()
    const rooms = [...new Set(own.filter((b) => b.kind === 'member' && b.roomId).map((b) => b.roomId as string))]
    const shared = rooms.length ? await this.bindings.find({ roomId: { $in: rooms }, active: true, kind: 'shared-room' }).lean<BindingDoc[]>() : []
    return [...own, ...shared]
  }

  async unitNames(codes: string[]): Promise<Map<string, string>> {
    const rows = await this.units.find({ code: { $in: codes } }, { code: 1, name: 1 }).lean()
    return new Map(rows.map((u) => [u.code, u.name]))
  }

  private async enqueue(n: NoticeDoc): Promise<void> {
    if (n.routes.length === 0) return
    const names = await this.unitNames(n.unitCodes)
    await this.outbox.enqueueMany(n.routes.map((r) => noticeMessage(String(n._id), n, r, names, n.sendAt)))
  }

  private summary(n: NoticeDoc, units: RoutedUnit[]): NoticeSummary {
    const names = new Map(units.map((u) => [u.code, u.name]))
    return {
      id: String(n._id),
      title: n.title,
      targets: describeTargets(n.targets),
      units: n.unitCodes.length,
      groups: n.routes.length,
      noGroup: n.noGroup.map((u) => ({ unitCode: u, unitName: names.get(u) ?? u })),
      sendAt: n.sendAt,
      status: n.status,
    }
  }
}

function followUpAt(n: Pick<Notice, 'ackRequired' | 'followUpAfterMinutes' | 'sendAt'>): Date | undefined {
  if (!n.ackRequired || !n.followUpAfterMinutes) return undefined
  return new Date(n.sendAt.getTime() + n.followUpAfterMinutes * 60_000)
}
