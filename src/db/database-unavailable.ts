import { AppError } from '../errors.js'

/**
 * The driver's and mongoose's names for "the database cannot be reached right now": no server to select
 * within DB_SERVER_SELECTION_TIMEOUT_MS, a dropped or timed-out socket, a cleared pool, a closed client,
 * mongoose's buffering timeout. Matched by name (and through `cause`) so it holds across module copies.
 */
const UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoWaitQueueTimeoutError',
])

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { name, message } = e as { name?: unknown; message?: unknown }
    if (typeof name === 'string' && UNAVAILABLE.has(name)) return true
    // mongoose, while it has never connected: "Operation `units.findOne()` buffering timed out after 10000ms"
    if (typeof message === 'string' && /buffering timed out after|Connection was force closed/.test(message))
      return true
  }
  return false
}

/** The 503 every caller sees for it: the HTTP API, the mini-program session check, the chat. */
export function databaseUnavailable(): AppError {
  return AppError.unavailable('database_unavailable', '数据库暂时不可用，请稍后重试')
}
