import { z } from 'zod'
import type { Clock } from '../../clock.js'
import { DINGTALK_OAPI_BASE, type DingTalkSettings } from './dingtalk-settings.js'

/** What the robot's OpenAPI answers with an access token: `{ accessToken, expireIn }` (seconds). */
const tokenReply = z.object({ accessToken: z.string().min(1), expireIn: z.number().positive() })
const downloadReply = z.object({ downloadUrl: z.string().min(1) })

/** A token is renewed this long before DingTalk says it expires (it lives 7200 s). */
const EARLY_MS = 5 * 60_000

/** A DingTalk OpenAPI call that failed: the status and DingTalk's `{ code, message }`. */
export class DingTalkApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`DingTalk ${status} ${code}: ${message}`)
  }
  /** the token was refused: fetch a new one and try once more */
  get authFailed(): boolean {
    return this.status === 401 || /InvalidAuthentication|token/i.test(this.code)
  }
}

export type DingTalkMsg =
  | { msgKey: 'sampleText'; content: string }
  | { msgKey: 'sampleMarkdown'; title: string; text: string }
  /** a file uploaded with uploadFile; fileType is its extension ("xlsx") */
  | { msgKey: 'sampleFile'; mediaId: string; fileName: string; fileType: string }

/** oapi's answer to media/upload: `{ errcode: 0, media_id, type, created_at }`; 40014 / 42001: the token */
const uploadReply = z.looseObject({
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
  media_id: z.string().optional(),
})
const OAPI_TOKEN_REFUSED = new Set([40014, 42001])

/**
 * The robot's OpenAPI (v1.0): access token (`oauth2/accessToken`, cached until shortly before it
 * expires, fetched again once when a call is refused for its token), group messages, 1:1 messages,
 * and the download address of a file someone sent the robot.
 */
export class DingTalkApi {
  private token?: { value: string; until: number }
  private fetching?: Promise<string>
  /** how many tokens were fetched (the tests check the cache) */
  tokensFetched = 0

  constructor(
    private readonly s: Pick<DingTalkSettings, 'clientId' | 'clientSecret' | 'robotCode' | 'apiBase' | 'oapiBase'>,
    private readonly clock: Clock,
  ) {}

  async accessToken(): Promise<string> {
    if (this.token && this.clock.now().getTime() < this.token.until) return this.token.value
    // concurrent callers share one fetch
    this.fetching ??= this.fetchToken().finally(() => (this.fetching = undefined))
    return this.fetching
  }

  /** `robot/groupMessages/send` to a group (its openConversationId) */
  async sendGroup(openConversationId: string, msg: DingTalkMsg): Promise<void> {
    await this.call('/v1.0/robot/groupMessages/send', {
      robotCode: this.s.robotCode,
      openConversationId,
      ...param(msg),
    })
  }

  /** `robot/oToMessages/batchSend`: 1:1 messages to members by their staff ids */
  async sendToUsers(userIds: string[], msg: DingTalkMsg): Promise<void> {
    await this.call('/v1.0/robot/oToMessages/batchSend', { robotCode: this.s.robotCode, userIds, ...param(msg) })
  }

  /** `robot/messageFiles/download`: where a received file (its downloadCode) can be fetched for a while */
  async fileUrl(downloadCode: string): Promise<string> {
    const r = await this.call('/v1.0/robot/messageFiles/download', { robotCode: this.s.robotCode, downloadCode })
    return downloadReply.parse(r).downloadUrl
  }

  /**
   * Uploads a file the robot is to send: oapi `POST media/upload?access_token=…&type=file`, multipart/form-data
   * with the file under `media` (at most 20 MB) → its media_id (the app's access token serves both hosts).
   */
  async uploadFile(fileName: string, data: Buffer, retried = false): Promise<string> {
    const token = await this.accessToken()
    const url = new URL('/media/upload', this.s.oapiBase ?? DINGTALK_OAPI_BASE)
    url.searchParams.set('access_token', token)
    url.searchParams.set('type', 'file')
    const form = new FormData()
    form.append('media', new Blob([new Uint8Array(data)]), fileName)
    const res = await fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(15_000) })
    if (!res.ok) throw new DingTalkApiError(res.status, '', `media/upload answered HTTP ${res.status}`)
    const r = uploadReply.parse(await res.json().catch(() => ({})))
    if (r.errcode !== undefined && OAPI_TOKEN_REFUSED.has(r.errcode) && !retried) {
      this.token = undefined
      return this.uploadFile(fileName, data, true)
    }
    if (r.errcode !== 0 || !r.media_id)
      throw new DingTalkApiError(res.status, String(r.errcode ?? ''), `media/upload refused: ${r.errmsg ?? ''}`)
    return r.media_id
  }

  private async fetchToken(): Promise<string> {
    const r = await post(`${this.s.apiBase}/v1.0/oauth2/accessToken`, {
      appKey: this.s.clientId,
      appSecret: this.s.clientSecret,
    })
    const t = tokenReply.parse(r)
    this.tokensFetched++
    const lifeMs = t.expireIn * 1000
    this.token = { value: t.accessToken, until: this.clock.now().getTime() + Math.max(lifeMs - EARLY_MS, lifeMs / 2) }
    return t.accessToken
  }

  private async call(path: string, body: object, retried = false): Promise<unknown> {
    const token = await this.accessToken()
    try {
      return await post(`${this.s.apiBase}${path}`, body, { 'x-acs-dingtalk-access-token': token })
    } catch (err) {
      if (retried || !(err instanceof DingTalkApiError) || !err.authFailed) throw err
      this.token = undefined
      return this.call(path, body, true)
    }
  }
}

function param(msg: DingTalkMsg): { msgKey: string; msgParam: string } {
  const { msgKey, ...rest } = msg
  return { msgKey, msgParam: JSON.stringify(rest) }
}

async function post(url: string, body: object, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  })
  const text = await res.text()
  const json: unknown = text ? JSON.parse(text) : {}
  if (!res.ok) {
    const e = z.object({ code: z.string().optional(), message: z.string().optional() }).safeParse(json)
    throw new DingTalkApiError(res.status, e.data?.code ?? '', e.data?.message ?? text.slice(0, 200))
  }
  return json
}
