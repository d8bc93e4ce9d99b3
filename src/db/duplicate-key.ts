/** True for MongoDB's E11000 duplicate key error (unique index violation). */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000
}
