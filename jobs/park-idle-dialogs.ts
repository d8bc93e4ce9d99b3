import { z } from 'zod'
import type { JobModule } from './job.js'

/**
 * Every 10 minutes: nudge chat dialogs idle for 30 minutes, park those idle for 24 hours (the draft
 * stays). A thin handler over the container's DialogParker (src/services/filing/idle-dialogs.ts).
 */
export const parkIdleDialogs: JobModule<Record<string, never>> = {
  name: 'park-idle-dialogs',
  data: z.object({}).strict(),
  every: '10 minutes',
  handler: (deps) => async () => {
    const parked = await deps.dialogParker.parkIdle(deps.clock.now())
    if (parked > 0) deps.logger.info({ job: 'park-idle-dialogs', parked }, 'idle dialogs parked')
  },
}
