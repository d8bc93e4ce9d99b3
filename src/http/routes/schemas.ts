import { z } from 'zod'
import { FORM_CODES } from '../../domain/types.js'

/** Shared input pieces; every object is strict (unknown keys are a 400). */
export const roundId = z.string().regex(/^[0-9a-f]{24}$/, '应为轮次编号（24 位十六进制）')
export const objectId = z.string().regex(/^[0-9a-f]{24}$/, '应为 24 位十六进制编号')
export const unitCode = z.string().regex(/^[\w-]{1,32}$/, '应为单位代码')
export const formCode = z.enum(FORM_CODES)
// a real calendar day (no 2027-02-30), documented as format: date with the same pattern
export const isoDate = z.iso.date({ error: '应为日期，如 2027-07-10' })
/**
 * Text of `min` to `max` characters, stored trimmed. "At least `min`" counts after trimming, and the
 * document says so with a pattern (first and last non-blank character), not a minLength that " ü" meets.
 */
export function trimmedText(min: 1 | 2, max: number) {
  return z
    .string()
    .max(max)
    .regex(min === 1 ? /\S/ : /\S[\s\S]*\S/, `至少 ${min} 个字（不计首尾空白）`)
    .trim()
}
export const year = z.coerce.number().int().min(2000).max(2100)

/**
 * A whole number in the query string. `?offset=` (empty) is refused with 400 rather than read as 0; the
 * document shows the same bounds and default, since it is generated from this schema.
 */
function queryInt(min: number, max: number, dflt: number) {
  return z.preprocess(
    (v) => (v === '' ? Number.NaN : v),
    z.coerce.number({ error: '应为整数' }).int().min(min).max(max).default(dflt),
  )
}
/** Page size: at most `max` rows (1000 unless a route says less), 200 unless asked. */
export const pageLimit = (max = 1000) => queryInt(1, max, Math.min(200, max))
export const limit = pageLimit()
export const offset = queryInt(0, 1_000_000, 0)

export const roundParams = z.strictObject({ roundId })
export const formParams = z.strictObject({ roundId, form: formCode })
export const unitParams = z.strictObject({ code: unitCode })
export const idParams = z.strictObject({ id: objectId })
export const roundUnitParams = z.strictObject({ roundId, unitCode })
