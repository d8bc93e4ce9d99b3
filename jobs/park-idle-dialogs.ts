import { z } from 'zod'
import { noopDialogParker } from '../src/services/dialog-parker.js'
import type { JobModule } from './job.js'

/**
 * Every 10 minutes: park chat dialogs nobody has answered for a while (the draft stays). Calls the
 * container's DialogParker; until the dialog service provides one, a no-op.
 */
export const parkIdleDialogs: JobModule<Record<string, never>> = {
  name: 'park-idle-dialogs',
  data: z.object({}).strict(),
  every: '10 minutes',
  handler: (deps) => async () => {
    const parked = await (deps.dialogParker ?? noopDialogParker).parkIdle(deps.clock.now())
    if (parked > 0) deps.logger.info({ job: 'park-idle-dialogs', parked }, 'idle dialogs parked')
  },
}
