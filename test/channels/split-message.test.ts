import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { CHANNEL_LIMITS, type MessageLength } from '../../src/channels/limits.js'
import { measure, splitMessage } from '../../src/channels/split-message.js'

/** True when `text` is the parts in order with only newlines, and only at the cuts, left out. */
function rejoins(text: string, parts: string[]): boolean {
  let pos = 0
  for (const part of parts) {
    while (!text.startsWith(part, pos) && text[pos] === '\n') pos++
    if (!text.startsWith(part, pos)) return false
    pos += part.length
  }
  return /^\n*$/.test(text.slice(pos))
}

const hasLoneSurrogate = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)

// CJK, emoji (surrogate pairs, ZWJ sequences, flags), combining marks, ASCII and plenty of newlines
const pieces = fc.constantFrom(
  '请',
  '尽快填报',
  '项目支出绩效监控表',
  '👍',
  '👨‍👩‍👧',
  '🇨🇳',
  'é',
  'e\u0301',
  'a',
  'abc ',
  '12.5万',
  '\n',
  '\n',
  '\n\n',
  '：',
)
const texts = fc.array(pieces, { maxLength: 300 }).map((xs) => xs.join(''))
const limits = fc.record({
  max: fc.integer({ min: 4, max: 80 }),
  unit: fc.constantFrom<MessageLength['unit']>('chars', 'utf8-bytes'),
})

describe('splitMessage', () => {
  it('leaves a text that fits alone (even with its newlines)', () => {
    expect(splitMessage('第一行\n\n第二行\n', { max: 20, unit: 'chars' })).toEqual(['第一行\n\n第二行\n'])
  })

  it('cuts at line ends, and a line too long on its own between characters', () => {
    expect(splitMessage('第一行\n第二行很长很长很长很长', { max: 9, unit: 'chars' })).toEqual([
      '第一行',
      '第二行很长很长很长',
      '很长',
    ])
    expect(splitMessage('甲乙\n丙丁\n戊己', { max: 5, unit: 'chars' })).toEqual(['甲乙\n丙丁', '戊己'])
  })

  it('counts UTF-8 bytes where the channel does: 2048 bytes hold 682 Chinese characters', () => {
    const limit = CHANNEL_LIMITS.wecom.length
    const parts = splitMessage('填'.repeat(1000), limit)
    expect(parts.map((p) => [...p].length)).toEqual([682, 318])
    expect(splitMessage('a'.repeat(2048), limit)).toHaveLength(1)
  })

  it('never cuts an emoji, not even a family or a flag', () => {
    const parts = splitMessage('👨‍👩‍👧'.repeat(3), { max: 8, unit: 'chars' })
    expect(parts).toEqual(['👨‍👩‍👧', '👨‍👩‍👧', '👨‍👩‍👧'])
    expect(splitMessage('🇨🇳🇨🇳🇨🇳', { max: 4, unit: 'utf8-bytes' })).toEqual(['🇨', '🇳', '🇨', '🇳', '🇨', '🇳'])
  })

  it('properties: every part fits, none is empty or cut inside a code point, and they rejoin to the text', () => {
    fc.assert(
      fc.property(texts, limits, (text, limit) => {
        const parts = splitMessage(text, limit)
        if (measure(text, limit) <= limit.max) expect(parts).toEqual([text])
        else
          for (const p of parts) {
            expect(measure(p, limit)).toBeLessThanOrEqual(limit.max)
            expect(p.replace(/\n/g, '')).not.toBe('')
          }
        for (const p of parts) expect(hasLoneSurrogate(p)).toBe(false)
        expect(rejoins(text, parts)).toBe(true)
      }),
      { numRuns: 500 },
    )
  })

  it('refuses a limit too small for a 4-byte character', () => {
    expect(() => splitMessage('x', { max: 3, unit: 'utf8-bytes' })).toThrow(/below 4/)
  })
})
