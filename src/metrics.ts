import { Registry, collectDefaultMetrics } from 'prom-client'

/**
 * The process's one prom-client registry. Modules register their metrics on it (see
 * src/outbox/outbox-metrics.ts); an HTTP route can serve `registry.metrics()` as /metrics.
 */
export const registry = new Registry()

let defaultsOn = false
/** Node process metrics (heap, event loop lag); main.ts turns them on once, tests leave them off. */
export function collectProcessMetrics(): void {
  if (defaultsOn) return
  defaultsOn = true
  collectDefaultMetrics({ register: registry, prefix: 'tianbao_' })
}
