import { AppError } from '../errors.js'

/** What the user reads when something failed that is not theirs to fix (a bug; the cause is logged). */
export const GENERIC_ERROR_TEXT =
  '抱歉，系统出了点问题，这条消息没有处理成功。请稍后再发一次；如仍不行，请联系财政局绩效股。'

/** An AppError whose message is written for the user (a refusal: locked round, validation, conflict, …). */
export function isForUser(err: unknown): err is AppError {
  return err instanceof AppError && err.expose
}

/** How many failing fields a validation refusal lists in chat (the rest are counted). */
const FIELDS_SHOWN = 3

/**
 * The one place an error becomes chat text: an AppError meant for the user says its message (a failed
 * validation also names its first fields); anything else is the generic line — the caller logs it.
 */
export function chatErrorText(err: unknown): string {
  if (!isForUser(err)) return GENERIC_ERROR_TEXT
  const fields = (err.details as { fields?: unknown } | undefined)?.fields
  if (!Array.isArray(fields) || fields.length === 0) return err.message
  const lines = fields.slice(0, FIELDS_SHOWN).map((f) => `· ${String((f as { message?: unknown }).message ?? f)}`)
  const more = fields.length > FIELDS_SHOWN ? [`……共 ${fields.length} 处`] : []
  return [err.message, ...lines, ...more].join('\n')
}
