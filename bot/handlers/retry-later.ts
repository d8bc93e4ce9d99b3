import { isDatabaseUnavailable } from '../../src/db/database-unavailable.js'
import { AppError } from '../../src/errors.js'

/**
 * The database went away (or lost an index) mid-turn: the message is not answered now but handled
 * again once it is back (its journal entry stays claimed until its lease lapses), so nothing is lost.
 */
export function retryLater(err: unknown): boolean {
  return isDatabaseUnavailable(err) || (err instanceof AppError && err.status === 503)
}
