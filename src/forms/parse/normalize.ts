/**
 * Normalises a chat reply before parsing: full-width digits, letters and punctuation become
 * half-width (NFKC: "１２５０００" → "125000", "４５％" → "45%", "，" → ","), the ideographic space
 * and runs of blanks become one space, and the ends are trimmed.
 */
export function normalizeInput(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u3000\s]+/g, ' ')
    .trim()
}

/** Removes every blank: amounts and numbers are parsed without spaces ("12 500 元" → "12500元"). */
export function compact(text: string): string {
  return normalizeInput(text).replace(/ /g, '')
}

/** Only blanks are tidied (for free text, where "，" must stay "，"): "  资金  未到位 " → "资金 未到位". */
export function tidy(text: string): string {
  return text.replace(/[\u3000\s]+/g, ' ').trim()
}
