import { z } from 'zod'
import type { JobModule } from './job.js'

/** Round units written this long before a run's start are looked at again (other processes' clocks, slow writes). */
const OVERLAP_MS = 5 * 60_000

/**
 * At start and every 5 minutes: the history rows a crash between a head write and its append lost
 * (HistoryRepair, src/services/filing/history-repair.ts). The first run of a process looks at every
 * round unit (ids and seqs only); later runs at those written since the previous run, with an overlap.
 */
export const repairSubmissionHistory: JobModule<Record<string, never>> = {
  name: 'repair-submission-history',
  data: z.object({}).strict(),
  every: '5 minutes',
  handler: (deps) => {
    let since = new Date(0)
    return async () => {
      // round units' updatedAt is the writing process's real time, not the container's clock
      const started = Date.now()
      const done = await deps.services.historyRepair.repair(since)
      since = new Date(started - OVERLAP_MS)
      if (done.rows > 0 || done.completed > 0)
        deps.logger.warn({ job: 'repair-submission-history', ...done }, 'lost history rows repaired')
    }
  },
}
