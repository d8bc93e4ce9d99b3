import type { Clock } from '../../clock.js'
import { formTitles } from '../../forms/titles.js'
import { buildDigest, DigestBook, type Digest } from '../../domain/digest.js'
import { dailyDigestDay, inManagerDigest, roundActive, weeklyDigestWeek } from '../../domain/reminder-policy.js'
import type { Round } from '../../domain/types.js'
import type { WorkDays } from '../../domain/work-calendar.js'
import { localParts } from '../../domain/local-time.js'
import { renderDigest } from '../../mail/digest-template.js'
import { ATTACH_OVER, digestWorkbook } from '../../mail/digest-workbook.js'
import { PRIORITY, type Attachment, type OutboxInput, type OutboxPort } from '../../domain/outbox-message.js'
import { unpushedGroupLabel } from '../../domain/unpushed-groups.js'
import { loadSweepBasis } from './due-units.js'
import type { ReminderStore } from './reminder-store.js'

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
    let unpushed: string[] | undefined
    for (const round of rounds) {
      const day = roundActive(round, now) ? dailyDigestDay(round.reminders, cal, now, this.zone) : null
      if (!day) continue
      const week = weeklyDigestWeek(round.reminders, cal, now, this.zone)
      // before the round's own due date plus digestFromDay no unit can be in a managers' digest
      // (extensions only push deadlines later): skip the reads unless the weekly summary is due
      const overdueFrom = cal.workdayAfter(
        localParts(round.dueAt, this.zone).day,
        Math.max(1, round.escalation.digestFromDay),
      )
      if (!week && day < overdueFrom) continue
      // the job runs hourly: once today's digests are in the outbox, later runs stop at this small read
      const done = await this.store.sweptRules(round.id)
      const rules = [`digest@${day}`, ...(week ? [`weekly@${week}`] : [])]
      if (rules.every((r) => done.includes(r))) continue
      marks.push({ roundId: round.id, rules })
      const [managers, staff] = await Promise.all([
        this.store.managers(),
        week ? this.store.bureauStaff() : Promise.resolve([]),
      ])
      // read once per run: the same groups wait in every round
      unpushed ??= (await this.store.unpushedWecomGroups()).map(unpushedGroupLabel)
      const data = await this.load(round, cal, now, unpushed)
      // each overdue unit's row is built once; managers with the same scope share the digest and its attachment
      const book = new DigestBook(
        { ...data.base, kind: 'overdue' },
        data.pending.filter((p) => p.overdue),
      )
      const files = new Map<Digest, Promise<Attachment>>()
      for (const m of managers) {
        const digest = book.forScope(m.scope)
        if (digest.rows.length === 0) continue
        messages.push(
          await this.mail(`digest:overdue:${round.id}:${m.email}:${day}`, round, digest, m.name, m.email, files),
        )
        result.managerDigests++
      }
      // the weekly summary is the same for every staff member: built once
      const weekly = staff.length > 0 ? buildDigest({ ...data.base, kind: 'weekly', pending: data.pending }) : undefined
      for (const s of weekly ? staff : []) {
        messages.push(
          await this.mail(
            `digest:weekly:${round.id}:${s.email}:${week}`,
            round,
            weekly as Digest,
            s.name,
            s.email,
            files,
          ),
        )
        result.weeklySummaries++
      }
    }
    result.enqueued = await this.outbox.enqueueMany(messages)
    for (const m of marks) await this.store.markSwept(m.roundId, m.rules, now)
    return result
  }

  /** The pending units with their units, which of them are bound, and the counts (see ReminderStore.pendingDigest). */
  private async load(round: Round, cal: WorkDays, now: Date, unpushedGroups: readonly string[]) {
    const {
      pending: rows,
      reachable,
      counts,
    } = await this.store.pendingDigest(round.id, round.requirePlatformEntry ?? false)
    const pending = rows.map(({ unit, status }) => ({
      unit,
      status,
      overdue: inManagerDigest(round, status, cal, now, this.zone),
    }))
    const unreachable = new Set(rows.filter((r) => !reachable.has(r.status.unitCode)).map((r) => r.status.unitCode))
    return {
      pending,
      base: {
        roundTitle: round.title,
        titles: formTitles,
        dueAt: round.dueAt,
        now,
        zone: this.zone,
        counts: { units: counts.total, complete: counts.complete },
        unreachable,
        unpushedGroups,
      },
    }
  }

  /** The e-mail; the XLSX attachment (over ATTACH_OVER rows) is built once per digest and shared by its recipients. */
  private async mail(
    key: string,
    round: Round,
    digest: Digest,
    name: string,
    email: string,
    files: Map<Digest, Promise<Attachment>>,
  ): Promise<OutboxInput> {
    const attach = digest.rows.length > ATTACH_OVER
    const mail = renderDigest(digest, name, attach)
    let file = attach ? files.get(digest) : undefined
    if (attach && !file) files.set(digest, (file = digestWorkbook(digest)))
    return {
      key,
      priority: PRIORITY.notice,
      meta: { kind: `digest-${digest.kind}`, roundId: round.id, unitCodes: digest.rows.map((r) => r.unitCode) },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ...(file ? { attachments: [await file] } : {}),
      target: { channel: 'email', to: [email] },
    }
  }
}
