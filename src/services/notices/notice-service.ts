import type { Clock } from '../../clock.js'
import type { BindingRecord } from '../../domain/binding.js'
import type { Notice, NoticeRecord } from '../../domain/notice.js'
import { describeTargets, type NoticeTargets } from '../../domain/notice-targets.js'
import type { OutboxDelivery } from '../../domain/outbox-message.js'
import { AppError } from '../../errors.js'
import type { OutboxPort } from '../../domain/outbox-message.js'
import type { NoticeStore } from './notice-store.js'
import { noticeMessage, routeNotice, webhookKeys, type RoutedUnit } from './notice-routing.js'
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
  /** units that answered the acknowledgement keyword so far */
  acknowledged: number
}

/** What a notice to these targets would reach, before it is sent (POST /api/admin/notices/preview). */
export interface NoticePreview {
  targets: string
  units: number
  groups: number
  noGroup: { unitCode: string; unitName: string }[]
}

/** What notices need of units (src/db/repositories/unit-repository.ts). */
export interface NoticeUnits {
  /** the units the targets name, by code */
  targeted(targets: NoticeTargets): Promise<RoutedUnit[]>
  names(codes: readonly string[]): Promise<Map<string, string>>
}

/** The outbox's answers about the notices' own messages (OutboxRepository): notices never read its collection. */
export interface NoticeDeliveries {
  deliveries(keys: readonly string[]): Promise<OutboxDelivery[]>
  /** of these keys, those whose message was sent by `until` */
  sentKeys(keys: readonly string[], until: Date): Promise<string[]>
}

/**
 * Broadcasts notices: targets → units → groups (notice-routing.ts) → outbox messages keyed
 * `notice:<id>:<room>` with PRIORITY.notice, paced like every other WeChat message. From the admin API
 * a notice is queued at once; from the bureau group it is a draft until the sender answers 确认.
 */
export class NoticeService {
  constructor(
    readonly notices: NoticeStore,
    private readonly units: NoticeUnits,
    private readonly bindings: { reach(unitCodes: readonly string[]): Promise<BindingRecord[]> },
    private readonly deliveries: NoticeDeliveries,
    private readonly outbox: OutboxPort,
    private readonly clock: Clock,
    /** the county's time zone (config.timezone): the console shows and picks send times in it */
    readonly timezone: string,
  ) {}

  async create(
    input: NoticeInput,
    createdBy: Notice['createdBy'],
    opts: { draft?: boolean } = {},
  ): Promise<NoticeSummary> {
    const now = this.clock.now()
    const units = await this.targetUnits(input.targets)
    if (units.length === 0) throw AppError.invalid(`没有符合条件的单位（${describeTargets(input.targets)}）`)
    const id = this.notices.newId()
    const { routes, noGroup } = routeNotice(id, units, await this.reach(units.map((u) => u.code)))
    const sendAt = input.sendAt && input.sendAt > now ? input.sendAt : now
    const doc: NoticeRecord = {
      id,
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
    await this.notices.insert(doc)
    if (!opts.draft) await this.enqueue(doc)
    return this.summary(doc, units)
  }

  /** The same targeting and routing as create, stored nowhere and sent nowhere: what the sender is told before sending. */
  async preview(targets: NoticeTargets): Promise<NoticePreview> {
    const units = await this.targetUnits(targets)
    if (units.length === 0) throw AppError.invalid(`没有符合条件的单位（${describeTargets(targets)}）`)
    const { routes, noGroup } = routeNotice('preview', units, await this.reach(units.map((u) => u.code)))
    const names = new Map(units.map((u) => [u.code, u.name]))
    return {
      targets: describeTargets(targets),
      units: units.length,
      groups: routes.length,
      noGroup: noGroup.map((u) => ({ unitCode: u, unitName: names.get(u) ?? u })),
    }
  }

  /**
   * 确认 in the bureau group: the draft is queued once (a second 确认 finds no draft). A draft older than
   * DRAFT_TTL_MS is discarded instead: its group count may no longer hold, and a late 确认 is a slip.
   */
  async confirm(id: string): Promise<NoticeRecord | 'expired' | null> {
    const draft = await this.notices.draft(id)
    if (!draft) return null
    const now = this.clock.now()
    if (now.getTime() - draft.createdAt.getTime() > DRAFT_TTL_MS) {
      await this.discard(id)
      return 'expired'
    }
    const sendAt = draft.sendAt > now ? draft.sendAt : now
    const queued = await this.notices.queueDraft(id, { sendAt, followUpAt: followUpAt({ ...draft, sendAt }) })
    if (queued) await this.enqueue(queued)
    return queued
  }

  async discard(id: string): Promise<void> {
    await this.notices.discardDraft(id)
  }

  /** Delivery and acknowledgement per unit, with names (GET /api/admin/notices/:id, 通知情况). */
  async status(n: NoticeRecord): Promise<NoticeStatus> {
    const [messages, names] = await Promise.all([
      this.deliveries.deliveries(n.routes.map((r) => r.key)),
      this.unitNames(n.unitCodes),
    ])
    return buildNoticeStatus(n, messages, names)
  }

  /** Queued notices, latest first, without their per-unit detail. */
  async list(limit: number, offset: number): Promise<NoticeSummary[]> {
    const rows = await this.notices.queued(limit, offset)
    const names = await this.unitNames([...new Set(rows.flatMap((n) => n.noGroup))])
    return rows.map((n) =>
      this.summary(
        n,
        [...names].map(([code, name]) => ({ code, name, contacts: [] })),
      ),
    )
  }

  get(id: string): Promise<NoticeRecord | null> {
    return this.notices.byId(id)
  }

  /** The latest queued notice, or the latest whose title contains `query` (通知情况 <标题>). */
  find(query = ''): Promise<NoticeRecord | null> {
    return this.notices.latestQueued(query.trim())
  }

  targetUnits(targets: NoticeTargets): Promise<RoutedUnit[]> {
    return this.units.targeted(targets)
  }

  /** Active own-group and member bindings of the units, plus the shared groups those members sit in. */
  reach(unitCodes: string[]): Promise<BindingRecord[]> {
    return this.bindings.reach(unitCodes)
  }

  unitNames(codes: string[]): Promise<Map<string, string>> {
    return this.units.names(codes)
  }

  private async enqueue(n: NoticeRecord): Promise<void> {
    if (n.routes.length === 0) return
    const [names, reach] = await Promise.all([this.unitNames(n.unitCodes), this.reach(n.unitCodes)])
    const keys = webhookKeys(reach)
    await this.outbox.enqueueMany(n.routes.map((r) => noticeMessage(n.id, n, r, names, n.sendAt, keys)))
  }

  private summary(n: NoticeRecord, units: RoutedUnit[]): NoticeSummary {
    const names = new Map(units.map((u) => [u.code, u.name]))
    return {
      id: n.id,
      title: n.title,
      targets: describeTargets(n.targets),
      units: n.unitCodes.length,
      groups: n.routes.length,
      noGroup: n.noGroup.map((u) => ({ unitCode: u, unitName: names.get(u) ?? u })),
      sendAt: n.sendAt,
      status: n.status,
      acknowledged: n.acks.length,
    }
  }
}

function followUpAt(n: Pick<Notice, 'ackRequired' | 'followUpAfterMinutes' | 'sendAt'>): Date | undefined {
  if (!n.ackRequired || !n.followUpAfterMinutes) return undefined
  return new Date(n.sendAt.getTime() + n.followUpAfterMinutes * 60_000)
}
