import { normalizeInput } from './normalize.js'

export type UrlParse = { ok: true; value: string } | { ok: false; error: string }

const HINT = '请输入以 http:// 或 https:// 开头的网址，例如 https://www.wuding.gov.cn/info/123.html'

/**
 * Parses a public web address: trimmed, full-width characters normalised, trailing Chinese punctuation
 * dropped ("https://www.example.gov.cn/a。" → "https://www.example.gov.cn/a"), host lower-cased by URL.
 * A missing scheme on an obvious host ("www.example.gov.cn/a") gets "http://". Only http and https.
 */
export function parseUrl(input: string): UrlParse {
  let s = normalizeInput(input).replace(/[。，、；;,.）)》」]+$/, '')
  if (!s || /\s/.test(s)) return { ok: false, error: HINT }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) {
    if (!/^[\w-]+(\.[\w-]+)+(:\d+)?(\/.*)?$/.test(s)) return { ok: false, error: HINT }
    s = `http://${s}`
  }
  let url: URL
  try {
    url = new URL(s)
  } catch {
    return { ok: false, error: HINT }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: '只接受 http 或 https 网址' }
  if (!url.hostname.includes('.') && url.hostname !== 'localhost') return { ok: false, error: HINT }
  return { ok: true, value: url.href }
}
