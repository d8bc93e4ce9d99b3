import { normalizeInput } from '../parse/normalize.js'

/** What may stand between two chosen options: "1 3", "1、3", "1,3", "1，3" (NFKC → ","), "1和3", "1/3". */
export const OPTION_SEPARATORS = /[,、/和及\s]+/

/**
 * The options a text names when it is nothing but option numbers or exact option names with
 * separators in between ("1 和 3", "经费保障 人员保障"); null when anything else is in it. Stricter than
 * the multi-choice parser (no partial names): inside a block it decides where the choices end and the
 * next item begins, so "其他原因导致…" must not read as the option “其他”.
 */
export function optionList(text: string, options: readonly string[]): string[] | null {
  const parts = normalizeInput(text).split(OPTION_SEPARATORS).filter(Boolean)
  if (parts.length === 0) return null
  const picked: string[] = []
  for (const p of parts) {
    const hit = /^\d{1,2}$/.test(p) ? options[Number(p) - 1] : options.find((o) => o === p)
    if (!hit) return null
    if (!picked.includes(hit)) picked.push(hit)
  }
  return options.filter((o) => picked.includes(o))
}

/** Whether a token is only a separator ("和", "、"), which belongs to the choices around it. */
export function isSeparator(token: string): boolean {
  return normalizeInput(token).replace(OPTION_SEPARATORS, '') === ''
}
