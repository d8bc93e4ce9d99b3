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
