import { z } from 'zod'
import type { JobModule } from './job.js'

/**
 * Every 15 minutes: day-1 escalation (a firmer group reminder and an e-mail to the unit head) for units
 * past their due day. Its slot is open from 09:00 until quiet hours on that working day, so 15 minutes
 * is plenty; the outbox keys keep one message per unit.
 */
export const escalateOverdue: JobModule<Record<string, never>> = {
  name: 'escalate-overdue',
  data: z.object({}).strict(),
  every: '15 minutes',
  lockLifetimeMs: 10 * 60_000,
  handler: (deps) => async () => {
    const r = await deps.chase.escalation.escalate()
    if (r.planned > 0) deps.logger.info({ job: 'escalate-overdue', ...r }, 'escalations planned')
  },
}
