import { add, fromInt, parseDecimal, shiftBy, ZERO, type Decimal } from './decimal.js'
import { compact } from './normalize.js'

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
}
const SMALL: Record<string, number> = { 十: 1, 拾: 1, 百: 2, 佰: 2, 千: 3, 仟: 3 }
const BIG: Record<string, number> = { 万: 4, 萬: 4, 亿: 8, 億: 8 }

/**
 * Parses a number written with Arabic digits, Chinese numerals or a mix of both, exactly:
 * "十二万五千" → 125000, "一百二十万" → 1200000, "12万3千" → 123000, "1.2亿" → 120000000,
 * "12,500.00" → 12500, "十二点五万" → 125000, colloquial "一万五" → 15000.
 * Returns null (never throws) for anything else; signs and units such as 元 are the caller's job.
 */
export function parseNumberExpression(text: string): Decimal | null {
  const s = compact(text)
  let result = ZERO
  let wan = ZERO
  let section = ZERO
  let num: Decimal | null = null
  let numIsChineseDigit = false
  let sawDigit = false
  let lastSmall = 4
  let wanSeen = false
  let yiSeen = false
  let lastUnitExp = -1
  let i = 0
  while (i < s.length) {
    const ch = s[i]
    const arabic = /^\d[\d,]*(?:\.\d+)?/.exec(s.slice(i))
    if (arabic) {
      const d = parseDecimal(arabic[0])
      if (!d || num) return null
      num = d
      numIsChineseDigit = false
      sawDigit = true
      i += arabic[0].length
      continue
    }
    if (ch in DIGITS) {
      const v = DIGITS[ch]
      i++
      if (v === 0 && !num && (sawDigit || s.length === 1)) {
        if (!sawDigit) num = ZERO
        sawDigit = true
        continue // 零 as a placeholder: "一千零五"
      }
      if (num) return null
      num = fromInt(v)
      numIsChineseDigit = true
      sawDigit = true
      continue
    }
    if (ch === '点' || ch === '.') {
      const frac = /^[零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖]+/.exec(s.slice(i + 1))
      if (!frac) return null
      const digits = [...frac[0]].map((c) => DIGITS[c]).join('')
      num = add(num ?? ZERO, { int: BigInt(digits), scale: digits.length })
      numIsChineseDigit = false
      sawDigit = true
      i += 1 + frac[0].length
      continue
    }
    if (ch in SMALL) {
      const e = SMALL[ch]
      if (e >= lastSmall) return null
      if (!num && (section.int !== 0n || wan.int !== 0n || result.int !== 0n || e !== 1)) return null
      section = add(section, shiftBy(num ?? fromInt(1), e))
      sawDigit = true
      num = null
      lastSmall = e
      lastUnitExp = e
      i++
      continue
    }
    if (ch in BIG) {
      const e = BIG[ch]
      const part = add(section, num ?? ZERO)
      if (!num && section.int === 0n && !(e === 8 && wan.int !== 0n)) return null
      if (e === 4) {
        if (wanSeen) return null
        wan = shiftBy(part, 4)
        wanSeen = true
      } else {
        if (yiSeen) return null
        result = shiftBy(add(wan, part), 8)
        wan = ZERO
        wanSeen = false
        yiSeen = true
      }
      section = ZERO
      num = null
      lastSmall = 4
      lastUnitExp = e
      i++
      continue
    }
    return null
  }
  if (!sawDigit) return null
  // colloquial "一万五" = 15000, "三百五" = 350: a lone trailing digit counts in the next lower place
  let tail = num ?? ZERO
  if (num && numIsChineseDigit && lastUnitExp > 0 && s.length >= 2 && !(s[s.length - 2] in DIGITS)) {
    tail = shiftBy(num, lastUnitExp === 8 ? 7 : lastUnitExp - 1)
  }
  return add(add(result, wan), add(section, tail))
}
