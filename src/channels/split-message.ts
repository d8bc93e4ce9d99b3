import type { MessageLength } from './limits.js'

/**
 * A text longer than a channel allows becomes several messages, cut at line ends: the newline at a cut
 * is dropped, nothing else is. A single line too long on its own is cut between characters (between
 * grapheme clusters where one fits, so "👨‍👩‍👧" or a flag stays whole; between code points otherwise —
 * never inside a UTF-8 sequence or a surrogate pair). Parts consisting only of newlines are not sent.
 * E.g. with { max: 9, unit: 'chars' }: "第一行\n第二行很长很长很长很长" →
 * ["第一行", "第二行很长很长很长", "很长"].
 */
export function splitMessage(text: string, limit: MessageLength): string[] {
  if (limit.max < 4) throw new Error(`a message length limit below 4 cannot hold every character: ${limit.max}`)
  if (measure(text, limit) <= limit.max) return [text]
  const parts: string[] = []
  let current: string | undefined
  for (const line of text.split('\n')) {
    const candidate = current === undefined ? line : `${current}\n${line}`
    if (measure(candidate, limit) <= limit.max) {
      current = candidate
      continue
    }
    if (current !== undefined) parts.push(current)
    if (measure(line, limit) <= limit.max) {
      current = line
      continue
    }
    const chunks = splitLine(line, limit)
    parts.push(...chunks.slice(0, -1))
    current = chunks[chunks.length - 1]
  }
  if (current !== undefined) parts.push(current)
  return parts.map((p) => p.replace(/^\n+|\n+$/g, '')).filter((p) => p !== '')
}

/** Length of `s` in the limit's unit: code points, or UTF-8 bytes (a lone surrogate is sent as U+FFFD, 3 bytes). */
export function measure(s: string, limit: Pick<MessageLength, 'unit'>): number {
  if (limit.unit === 'utf8-bytes') return Buffer.byteLength(s, 'utf8')
  let n = 0
  for (const _ of s) n++
  return n
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

function splitLine(line: string, limit: MessageLength): string[] {
  const chunks: string[] = []
  let current = ''
  let size = 0
  for (const { segment } of graphemes.segment(line)) {
    // a grapheme cluster longer than the limit (a long run of combining marks) is cut between code points
    const pieces = measure(segment, limit) <= limit.max ? [segment] : [...segment]
    for (const piece of pieces) {
      const n = measure(piece, limit)
      if (size + n > limit.max && current !== '') {
        chunks.push(current)
        current = ''
        size = 0
      }
      current += piece
      size += n
    }
  }
  if (current !== '') chunks.push(current)
  return chunks
}
