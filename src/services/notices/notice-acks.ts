import type { Clock } from '../../clock.js'
import type { NoticeRecord, NoticeRoute } from '../../domain/notice.js'
import { acknowledgementOf } from '../../domain/notice-ack.js'
import type { ChatPerson } from '../filing/chat-replier.js'
import type { NoticeStore } from './notice-store.js'
import { DEFAULT_ACK_KEYWORD, type NoticeDeliveries } from './notice-service.js'

/** A notice awaits acknowledgement in a group for this long after it was sent there. */
export const ACK_WINDOW_MS = 14 * 24 * 3600_000

export type AckOutcome =
  /** not an acknowledgement (no notice awaits one here, or the text is something else) */
  | { kind: 'none' }
  /** the keyword while a notice awaits: consumed; `recorded` lists units acknowledged by it just now */
  | { kind: 'ack'; noticeId: string; title: string; recorded: string[]; counted: boolean }

/**
 * Records acknowledgements (收到). While a notice delivered to a group awaits them, the keyword (or a
 * quote of the notice) there is an acknowledgement and nothing else. It counts, once per unit, only
 * from a member of a target unit of that group: in a unit's own group anyone but bureau staff speaks
 * for the unit, in a shared group a member speaks for the unit(s) they bound themself to. A reply before
 * the notice was delivered to the group (its outbox message is not yet sent) is not an acknowledgement.
 */
export class NoticeAcks {
  constructor(
    private readonly notices: NoticeStore,
    private readonly outbox: Pick<NoticeDeliveries, 'sentKeys'>,
    /** of the units, those the person is bound to as a member (BindingRepository) */
    private readonly bindings: { memberUnitsAmong(memberId: string, unitCodes: readonly string[]): Promise<string[]> },
    private readonly clock: Clock,
  ) {}

  /** Notices delivered to this room within the window that ask for an acknowledgement, latest first. */
  async awaiting(roomId: string): Promise<{ notice: NoticeRecord; route: NoticeRoute }[]> {
    if (!roomId) return []
    const now = this.clock.now()
    const recent = await this.notices.awaitingIn(roomId, new Date(now.getTime() - ACK_WINDOW_MS), now)
    const withRoute = recent.flatMap((notice) =>
      notice.routes.filter((r) => r.roomId === roomId).map((route) => ({ notice, route })),
    )
    if (withRoute.length === 0) return []
    const delivered = new Set(
      await this.outbox.sentKeys(
        withRoute.map((w) => w.route.key),
        now,
      ),
    )
    return withRoute.filter((w) => delivered.has(w.route.key))
  }

  /**
   * One chat line in a group. `isBureauStaff` is asked only when the line is an acknowledgement (the
   * bot adapter checks the bureau group's member list).
   */
  async handle(
    roomId: string,
    person: ChatPerson,
    text: string,
    isBureauStaff: () => Promise<boolean>,
  ): Promise<AckOutcome> {
    // most chat lines can acknowledge nothing: no notice is read for them
    if (!(await this.couldAcknowledge(text))) return { kind: 'none' }
    const awaiting = await this.awaiting(roomId)
    const matched = awaiting
      .map((w) => ({ ...w, via: acknowledgementOf(text, w.notice.ackKeyword, w.notice.title) }))
      .filter((w) => w.via !== null)
    if (matched.length === 0) return { kind: 'none' }
    // a quote names its notice; a bare keyword answers the latest notice this person's unit still owes
    const quoted = matched.filter((w) => w.via === 'quote')
    const candidates = quoted.length ? quoted : matched
    const first = candidates[0]
    const none = {
      kind: 'ack' as const,
      noticeId: first.notice.id,
      title: first.notice.title,
      recorded: [],
      counted: false,
    }
    if (person.id === first.notice.createdBy.id || (await isBureauStaff())) return none
    let duplicate: AckOutcome | null = null
    for (const w of candidates) {
      const units = await this.unitsOf(w.route, person.id)
      if (units.length === 0) continue
      const outcome = { kind: 'ack' as const, noticeId: w.notice.id, title: w.notice.title, counted: true }
      const owed = units.filter((u) => !w.notice.acks.some((a) => a.unitCode === u))
      if (owed.length === 0) {
        duplicate ??= { ...outcome, recorded: [] }
        continue
      }
      return { ...outcome, recorded: await this.record(w.notice, w.route, owed, person, w.via ?? 'keyword') }
    }
    return duplicate ?? none
  }

  /**
   * Whether a line could acknowledge some notice at all: a quote, or a short reply starting with an
   * acknowledgement keyword of a queued notice. False means no notice needs to be read for it.
   */
  async couldAcknowledge(text: string): Promise<boolean> {
    if (text.trim().startsWith('「')) return true
    return (await this.keywordsInUse()).some((k) => acknowledgementOf(text, k, '') === 'keyword')
  }

  /** A notice message went out to a group (the bot saw its own 【通知】): its keyword must be known at once. */
  noticeSent(): void {
    this.notices.forgetKeywords()
  }

  /**
   * The default keyword and those of the notices queued within the window (or scheduled). The store keeps
   * them a few seconds; the default keyword is always in, so only a notice with its own keyword made in
   * another process can be unknown here that long.
   */
  private async keywordsInUse(): Promise<string[]> {
    const since = new Date(this.clock.now().getTime() - ACK_WINDOW_MS)
    return [...new Set([DEFAULT_ACK_KEYWORD, ...(await this.notices.ackKeywords(since))])]
  }

  /** The target units this person speaks for in the route's group. */
  private async unitsOf(route: NoticeRoute, memberId: string): Promise<string[]> {
    if (route.kind === 'unit-room') return route.unitCodes
    return this.bindings.memberUnitsAmong(memberId, route.unitCodes)
  }

  /** One conditional $push per unit: a second 收到 from the same unit finds it already there. */
  private async record(
    notice: NoticeRecord,
    route: NoticeRoute,
    units: string[],
    person: ChatPerson,
    via: 'keyword' | 'quote',
  ): Promise<string[]> {
    const at = this.clock.now()
    const recorded: string[] = []
    for (const unitCode of units) {
      if (
        await this.notices.addAck(notice.id, {
          unitCode,
          memberId: person.id,
          memberName: person.name,
          roomId: route.roomId,
          at,
          via,
        })
      )
        recorded.push(unitCode)
    }
    return recorded
  }
}
