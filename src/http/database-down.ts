/**
 * Errors that mean "the database cannot be reached now" rather than a bug: the API answers them with 503
 * and Retry-After (the route table documents 503 on every route), the process keeps serving, and the
 * connection recovers on its own (src/db/connect.ts).
 */
const UNREACHABLE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
])

export function isDatabaseDown(err: unknown): boolean {
  const e = err as { name?: unknown; message?: unknown } | null
  if (!e || typeof e.name !== 'string') return false
  if (UNREACHABLE.has(e.name)) return true
  // mongoose queues operations while disconnected and fails them after bufferTimeoutMS
  return e.name === 'MongooseError' && typeof e.message === 'string' && /buffering timed out|Connection was force closed|connection.*closed/i.test(e.message)
}
