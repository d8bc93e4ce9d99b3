import { z } from 'zod'
import type { JobModule } from './job.js'

/**
 * Every 5 minutes: notices whose follow-up delay has passed get one reminder to the units that have not
 * acknowledged (src/services/notices/notice-follow-ups.ts). A notice is claimed once, so reruns are harmless.
 */
export const noticeFollowUps: JobModule<Record<string, never>> = {
  name: 'notice-follow-ups',
  data: z.object({}).strict(),
  every: '5 minutes',
  handler: (deps) => async () => {
    const queued = await deps.notices.followUps.sendDue()
    if (queued > 0) deps.logger.info({ job: 'notice-follow-ups', queued }, 'notice follow-ups queued')
  },
}
