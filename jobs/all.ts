import type { JobModule } from './job.js'

/** Every job the worker role registers. The count stays fixed: jobs sweep rounds, never one job per unit. */
export const allJobs: JobModule<never>[] = []
