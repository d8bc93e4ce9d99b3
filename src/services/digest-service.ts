import type { Clock } from '../clock.js'
import { buildDigest, inScope, type Digest } from '../domain/digest.js'
import { dailyDigestDay, inManagerDigest, roundActive, weeklyDigestWeek } from '../domain/reminder-policy.js'
import type { Round } from '../domain/types.js'
import type { WorkDays } from '../domain/work-calendar.js'
import { localParts } from '../domain/local-time.js'
import { renderDigest } from '../mail/digest-template.js'
import { ATTACH_OVER, digestWorkbook } from '../mail/digest-workbook.js'
import { PRIORITY, type OutboxInput, type OutboxPort } from '../outbox/message.js'
import { loadSweepBasis } from './due-units.js'
import type { ReminderStore } from './reminder-ports.js'

export interface DigestResult {
  managerDigests: number
  weeklySummaries: number
  enqueued: number
}

/**
 * The `send-digests` job's service. Once per working day, in the reminder window (from 09:00 until
 * quiet hours): to each manager, the units in their scope overdue since the 2nd working day after
 * their due day. On the first working day of each week: to each bureau staff member, a progress
 * summary of every open round. Keys carry the day or the week (`digest:overdue:<round>:<email>:
 * 2027-07-13`), so running the job hourly still sends one a day, and a sweep mark (`digest@<day>`,
 * `weekly@<week>`) spares the later runs the reads. A unit drops out the day it submits.
 */
export class DigestService {
  constructor(
    private readonly store: ReminderStore,
    private readonly outbox: OutboxPort,
    private readonly clock: Clock,
    private readonly zone: string,
  ) {}

  async send(): Promise<DigestResult> {
    const now = this.clock.now()
    const { rounds, cal } = await loadSweepBasis(this.store)
    const messages: OutboxInput[] = []
    const result: DigestResult = { managerDigests: 0, weeklySummaries: 0, enqueued: 0 }
    const marks: { roundId: string; rules: string[] }[] = []
    for (const round of rounds) {
      const day = roundActive(round, now) ? dailyDigestDay(round.reminders, cal, now, this.zone) : null
      if (!day) continue
      const week = weeklyDigestWeek(round.reminders, cal, now, this.zone)
      // before the round's own due date plus digestFromDay no unit can be in a managers' digest
      // (extensions only push deadlines later): skip the reads unless the weekly summary is due
      const overdueFrom = cal.workdayAfter(localParts(round.dueAt, this.zone).day, Math.max(1, round.escalation.digestFromDay))
      if (!week && day < overdueFrom) continue
      // the job runs hourly: once today's digests are in the outbox, later runs stop at this small read
      const done = await this.store.sweptRules(round.id)
      const rules = [`digest@${day}`, ...(week ? [`weekly@${week}`] : [])]
      if (rules.every((r) => done.includes(r))) continue
      marks.push({ roundId: round.id, rules })
      const [managers, staff] = await Promise.all([this.store.managers(), week ? this.store.bureauStaff() : Promise.resolve([])])
      const data = await this.load(round, cal, now)
      for (const m of managers) {
        const pending = data.pending.filter((p) => p.overdue && inScope(m.scope, p.unit))
        if (pending.length === 0) continue
        const digest = buildDigest({ ...data.base, kind: 'overdue', pending })
        messages.push(await this.mail(`digest:overdue:${round.id}:${m.email}:${day}`, round, digest, m.name, m.email))
        result.managerDigests++
      }
      for (const s of staff) {
        const digest = buildDigest({ ...data.base, kind: 'weekly', pending: data.pending })
        messages.push(await this.mail(`digest:weekly:${round.id}:${s.email}:${week}`, round, digest, s.name, s.email))
        result.weeklySummaries++
      }
    }
    result.enqueued = await this.outbox.enqueueMany(messages)
    for (const m of marks) await this.store.markSwept(m.roundId, m.rules, now)
    return result
  }

  /** One query each: incomplete round units, their units, their bindings, the counts. */
  private async load(round: Round, cal: WorkDays, now: Date) {
    const statuses = await this.store.pendingUnits(round.id)
    const codes = statuses.map((s) => s.unitCode)
    const [units, reach, counts] = await Promise.all([this.store.units(codes), this.store.reach(codes), this.store.roundCounts(round.id)])
    const byCode = new Map(units.map((u) => [u.code, u]))
    const reachable = new Set(reach.filter((r) => (r.kind === 'unit-room' || r.kind === 'member') && r.unitCode).map((r) => r.unitCode as string))
    const pending = statuses.flatMap((status) => {
      const unit = byCode.get(status.unitCode)
      return unit ? [{ unit, status, overdue: inManagerDigest(round, status, cal, now, this.zone) }] : []
    })
    const unreachable = new Set(codes.filter((c) => !reachable.has(c)))
    return { pending, base: { roundTitle: round.title, dueAt: round.dueAt, now, zone: this.zone, counts: { units: counts.total, complete: counts.complete }, unreachable } }
  }

  private async mail(key: string, round: Round, digest: Digest, name: string, email: string): Promise<OutboxInput> {
    const attach = digest.rows.length > ATTACH_OVER
    const mail = renderDigest(digest, name, attach)
    return {
      key,
      priority: PRIORITY.notice,
      meta: { kind: `digest-${digest.kind}`, roundId: round.id, unitCodes: digest.rows.map((r) => r.unitCode) },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ...(attach ? { attachments: [await digestWorkbook(digest)] } : {}),
      target: { channel: 'email', to: [email] },
    }
  }
}
