import { z } from 'zod'
import type { JobModule } from './job.js'

/**
 * Daily digests: managers' overdue digest each working day, the bureau's progress summary each week.
 * Runs hourly rather than `every: '1 day'` because Agenda's interval would start from whenever the
 * worker started (and a cron here would use the server's zone, not Asia/Shanghai): the service sends
 * once per day in the local 09:00–21:00 window, keyed by day, so extra runs enqueue nothing.
 */
export const sendDigests: JobModule<Record<string, never>> = {
  name: 'send-digests',
  data: z.object({}).strict(),
  every: '1 hour',
  lockLifetimeMs: 20 * 60_000,
  handler: (deps) => async () => {
    const r = await deps.chase.digests.send()
    if (r.enqueued > 0) deps.logger.info({ job: 'send-digests', ...r }, 'digests enqueued')
  },
}
