import type { Clock } from '../../clock.js'

/** a token is renewed this long before WeCom says it expires (its clock and ours differ a little) */
const MARGIN_MS = 5 * 60_000

/**
 * The self-built app's access_token from `cgi-bin/gettoken?corpid&corpsecret` (valid `expires_in`
 * seconds, 7200 in production), cached until shortly before it expires; concurrent callers share one
 * fetch. `invalidate` drops it when WeCom refuses it early (errcode 40014 / 42001).
 */
export class AccessToken {
  private cached?: { token: string; until: number }
  private fetching?: Promise<string>

  constructor(
    private readonly o: { apiBase: string; corpId: string; corpSecret: string; clock: Clock; timeoutMs?: number },
  ) {}

  async get(): Promise<string> {
    const now = this.o.clock.now().getTime()
    if (this.cached && now < this.cached.until) return this.cached.token
    this.fetching ??= this.fetch().finally(() => (this.fetching = undefined))
    return this.fetching
  }

  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined
  }

  private async fetch(): Promise<string> {
    const url = new URL('/cgi-bin/gettoken', this.o.apiBase)
    url.searchParams.set('corpid', this.o.corpId)
    url.searchParams.set('corpsecret', this.o.corpSecret)
    const res = await fetch(url, { signal: AbortSignal.timeout(this.o.timeoutMs ?? 15_000) })
    if (!res.ok) throw new Error(`wecom gettoken answered HTTP ${res.status}`)
    const body = (await res.json().catch(() => ({}))) as {
      errcode?: number
      errmsg?: string
      access_token?: string
      expires_in?: number
    }
    if (body.errcode !== 0 || !body.access_token)
      throw new Error(`wecom gettoken refused: ${body.errcode ?? '?'} ${body.errmsg ?? ''}`.trim())
    const lifeMs = (body.expires_in ?? 7200) * 1000
    this.cached = { token: body.access_token, until: this.o.clock.now().getTime() + Math.max(0, lifeMs - MARGIN_MS) }
    return body.access_token
  }
}
