import { z } from 'zod'
import type { JobModule } from './job.js'

/**
 * Every 5 minutes: the reminder policy over all open rounds, one bulk insert into the outbox. One job
 * for the whole county (or province): it never schedules per-unit jobs. Slots stay open for hours, so
 * a missed run is caught by the next; duplicate runs are absorbed by the outbox's idempotency keys.
 */
export const sweepReminders: JobModule<Record<string, never>> = {
  name: 'sweep-reminders',
  data: z.object({}).strict(),
  every: '5 minutes',
  lockLifetimeMs: 4 * 60_000,
  handler: (deps) => {
    const warned = new Set<number>()
    return async () => {
      const r = await deps.chase.reminders.sweep()
      if (r.planned > 0) deps.logger.info({ job: 'sweep-reminders', ...r }, 'reminders planned')
      // once per process and year: reminders would fall on holidays the calendar does not know
      for (const year of r.unknownYears.filter((y) => !warned.has(y))) {
        warned.add(year)
        deps.logger.warn(
          { job: 'sweep-reminders', year },
          `${year}年节假日安排未录入（chinese-days 无该年数据）：请财政局补录放假和调休日期（PUT /api/admin/calendar；财政局群也收到了提醒），否则只按周末顺延`,
        )
      }
    }
  },
}
