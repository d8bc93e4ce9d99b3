import { isDatabaseUnavailable } from './database-unavailable.js'
import { isDuplicateKey } from './duplicate-key.js'

/** One write's failure inside an unordered bulk write. */
export interface BulkOpError {
  index: number
  code?: unknown
  errmsg?: string
}

/** The write errors of an unordered bulk write by the index of the write, or null when it failed as a whole. */
export function bulkOpErrors(err: unknown): Map<number, BulkOpError> | null {
  const list = (err as { writeErrors?: unknown }).writeErrors
  if (!Array.isArray(list) || list.length === 0) return null
  const m = new Map<number, BulkOpError>()
  for (const e of list as BulkOpError[]) m.set(e.index, e)
  return m
}

/** A bulk write's failure of one write as an Error the caller can throw (its code kept: 11000 is a duplicate key). */
export function opError(e: BulkOpError): Error {
  return Object.assign(new Error(e.errmsg ?? 'write failed'), { code: e.code })
}

/** A write waiting in a group commit: told whether it applied, or why it failed. */
export interface SettledWrite {
  resolve(applied: boolean): void
  reject(err: unknown): void
}

/**
 * Runs one unordered bulk command for `batch` and settles each write by its own fate: stored → applied;
 * a duplicate key → not applied when `duplicate` is 'not applied' (its caller's "already there" or "lost"),
 * else failed; any other per-write error → failed. A command that failed as a whole fails every write when
 * the database is unavailable (as each would alone); otherwise `oneByOne` tries them again alone, so that
 * a bad write fails only its own caller.
 */
export async function settleBulk<W extends SettledWrite>(
  batch: W[],
  command: () => Promise<unknown>,
  oneByOne: (batch: W[]) => Promise<void>,
  duplicate: 'not applied' | 'failed',
): Promise<void> {
  try {
    await command()
    for (const w of batch) w.resolve(true)
  } catch (err) {
    const failed = bulkOpErrors(err)
    if (!failed) return isDatabaseUnavailable(err) ? batch.forEach((w) => w.reject(err)) : oneByOne(batch)
    batch.forEach((w, i) => {
      const e = failed.get(i)
      if (!e) w.resolve(true)
      else if (duplicate === 'not applied' && isDuplicateKey(e)) w.resolve(false)
      else w.reject(opError(e))
    })
  }
}
