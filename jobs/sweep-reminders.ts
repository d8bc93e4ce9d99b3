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
  handler: (deps) => async () => {
    const r = await deps.chase.reminders.sweep()
    if (r.planned > 0) deps.logger.info({ job: 'sweep-reminders', ...r }, 'reminders planned')
  },
}
