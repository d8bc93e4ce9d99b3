import { setImmediate as nextTurn } from 'node:timers/promises'

/**
 * The small parts of an XLSX around its sheet: where the first sheet is, the shared strings, which cell
 * styles are dates, XML text decoding. Plain functions over the parts' text; xlsx-records.ts reads the
 * sheet itself. Tags may carry a namespace prefix (`<x:si>`); attribute values never contain `>` here.
 */

/** The attributes of one start tag's text, e.g. `r="B3" t="s"` → { r: 'B3', t: 's' } (prefixes dropped). */
export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    out[m[1].replace(/^[\w.-]+:/, '')] = m[2] ?? m[3]
  return out
}

/** The start tags named `name` (any prefix) in document order, as attribute maps. */
export function tags(xml: string, name: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?${name}\\b([^>]*)>`, 'g'))].map((m) => attributes(m[1]))
}

/**
 * XML text to a string: the five named entities, numeric references, and OOXML's `_xHHHH_` escape
 * (Excel writes a line break typed in a cell as `_x000D_`; `_x005F_` escapes a literal underscore).
 */
export function xmlText(raw: string): string {
  if (!raw.includes('&') && !raw.includes('_x')) return raw
  return raw.replace(
    /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|(lt|gt|amp|quot|apos));|_x([0-9A-Fa-f]{4})_/g,
    (m, hex?: string, dec?: string, named?: string, ooxml?: string) => {
      if (named) return NAMED[named]
      const code = hex ? parseInt(hex, 16) : dec ? Number(dec) : parseInt(ooxml ?? '', 16)
      return code <= 0x10ffff ? String.fromCodePoint(code) : ''
    },
  )
}
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** The text of a rich or plain string element (`<si>` or `<is>`): its `<t>` runs, phonetic runs left out. */
export function runsText(inner: string): string {
  const body = inner.includes('rPh') ? inner.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, '') : inner
  let text = ''
  for (const m of body.matchAll(/<(?:[\w.-]+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?t>/g)) text += xmlText(m[1])
  return text
}

/**
 * Raw `<si>` contents, in index order; decoded only when a cell refers to one (see xlsx-records.ts).
 * Undefined past `max` strings (a table cannot use more strings than it has cells, and a zip of
 * repeated `<si>` unpacks to millions); a turn of the event loop every 10,000 strings.
 */
export async function sharedStringsRaw(xml: string | undefined, max: number): Promise<string[] | undefined> {
  if (!xml) return []
  const out: string[] = []
  const open = /<(?:[\w.-]+:)?si(?:\s[^>]*?)?(\/)?>/g
  const close = /<\/(?:[\w.-]+:)?si>/g
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    if (out.length >= max) return undefined
    if (out.length % 10_000 === 9_999) await nextTurn()
    if (m[1]) {
      out.push('')
      continue
    }
    close.lastIndex = open.lastIndex
    const c = close.exec(xml)
    if (!c) break
    out.push(xml.slice(open.lastIndex, c.index))
    open.lastIndex = close.lastIndex
  }
  return out
}

/** Built-in number formats that show a date (ids 14–22; 27–36 and 50–58 are the CJK locales' dates; 45–47 times). */
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
])

/** Indexes of the cell styles (`s` attribute) whose number format is a date, e.g. `yyyy/m/d` or id 14. */
export function dateStyles(xml: string | undefined): Set<number> {
  const out = new Set<number>()
  if (!xml) return out
  const custom = new Map(tags(xml, 'numFmt').map((a) => [Number(a.numFmtId), a.formatCode ?? '']))
  const xfs = /<(?:[\w.-]+:)?cellXfs\b[\s\S]*?<\/(?:[\w.-]+:)?cellXfs>/.exec(xml)?.[0] ?? ''
  tags(xfs, 'xf').forEach((a, i) => {
    const id = Number(a.numFmtId ?? 0)
    if (DATE_FORMAT_IDS.has(id) || isDateFormat(custom.get(id))) out.add(i)
  })
  return out
}

/** A format code shows a date when, outside quoted text, escapes and [colour]/[locale] brackets, it has y, m or d. */
function isDateFormat(code: string | undefined): boolean {
  if (!code) return false
  return /[ymd]/i.test(xmlText(code).replace(/"[^"]*"|\\.|\[[^\]]*\]/g, ''))
}

/** An Excel serial day (days since 1899-12-30, or since 1904-01-01 in a 1904 workbook) as yyyy-mm-dd. */
export function serialDate(serial: number, date1904: boolean): string {
  const days = serial - 25569 + (date1904 ? 1462 : 0)
  return new Date(Math.round(days * 86_400_000)).toISOString().slice(0, 10)
}

/**
 * The first sheet's part: the workbook's first `<sheet r:id>` through xl/_rels/workbook.xml.rels;
 * failing that, the first worksheet part in the archive (sheet1.xml before sheet2.xml).
 */
export function firstSheetPath(workbook: string, rels: string | undefined, names: string[]): string | undefined {
  const id = tags(workbook, 'sheet')[0]?.id
  const target = id && rels ? tags(rels, 'Relationship').find((r) => r.Id === id)?.Target : undefined
  if (target) return partPath(target)
  return names
    .filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))[0]
}

/** A part named in xl/_rels/workbook.xml.rels by its relationship type, e.g. 'sharedStrings' or 'styles'. */
export function relatedPath(rels: string | undefined, type: string, fallback: string): string {
  const target = rels ? tags(rels, 'Relationship').find((r) => r.Type?.endsWith(`/${type}`))?.Target : undefined
  return target ? partPath(target) : fallback
}

/**
 * The part of a sheet chosen by its 1-based position in the workbook or by its name (a platform
 * mapping names the sheet its export uses); undefined when the workbook has no such sheet.
 */
export function chosenSheetPath(
  workbook: string,
  rels: string | undefined,
  sheet: number | string,
): string | undefined {
  const sheets = tags(workbook, 'sheet')
  const entry = typeof sheet === 'number' ? sheets[sheet - 1] : sheets.find((s) => xmlText(s.name ?? '') === sheet)
  const target = entry?.id && rels ? tags(rels, 'Relationship').find((r) => r.Id === entry.id)?.Target : undefined
  return target ? partPath(target) : undefined
}

/** A relationship target (relative to xl/, or absolute from the archive root) as an archive path. */
function partPath(target: string): string {
  const parts: string[] = []
  for (const p of (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/')) {
    if (p === '..') parts.pop()
    else if (p !== '.' && p !== '') parts.push(p)
  }
  return parts.join('/')
}
