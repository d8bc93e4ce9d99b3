import type { ZodType } from 'zod'
import type { Container } from '../src/container.js'

/**
 * One file per job under jobs/: a name, a zod schema of its data, an optional recurring interval and a
 * thin handler that calls a service. Handlers take time from the container's Clock, so tests call them
 * directly at chosen instants.
 */
export interface JobModule<D = unknown> {
  name: string
  data: ZodType<D>
  /** recurring interval, e.g. '5 minutes'; absent for jobs scheduled on demand */
  every?: string
  lockLifetimeMs?: number
  handler(deps: Container): (data: D) => Promise<void>
}
