/**
 * What nobody can see and nobody means to type, removed from free text at the edge (a chat reply, a
 * mini-program answer, an imported cell) and again from every export, since older data may hold it:
 * - C0 controls except tab and line feed (CR LF and a lone CR become LF), DEL, C1 controls — U+0001,
 *   U+000B or U+001B in a stored answer made exceljs write a sharedStrings.xml no XML parser accepts,
 *   and Excel declared the county's whole export damaged;
 * - zero-width and invisible characters (U+200B–U+200F, U+2060–U+2064, U+FEFF, U+061C) and the bidi
 *   embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): "\u200b\u200b" must not pass
 *   as a two-character explanation, and a bidi override can make a text read backwards;
 * - unpaired surrogates and the non-characters U+FFFE/U+FFFF (not allowed in XML either).
 * Visible text is left exactly as typed: "资金\t已拨付\n下月完工" stays.
 */
const UNWANTED =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNWANTED, '')
}

/** Length as a person counts it: code points, so "👍" is one character (minLength, maxLength). */
export function textLength(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}
