import { setTimeout as sleep } from 'node:timers/promises'
import { systemClock, type Clock } from '../../clock.js'
import { CHANNEL_LIMITS } from '../limits.js'
import type { Attachment } from '../../domain/outbox-message.js'
import { AccessToken } from './access-token.js'
import { uploadMediaReply } from './upload-media.js'
import { MemberPace } from './member-pace.js'
import type { WecomSettings } from './wecom-settings.js'

/**
 * The outbox target of a 1:1 message through the self-built app. Part A of issue 16 adds it to
 * src/domain/outbox-message.ts; until then it is declared here with exactly those fields.
 */
export interface WecomAppTarget {
  channel: 'wecom-app'
  userIds: string[]
}

/** What the sender is given: the ChannelSender's OutgoingMessage, narrowed to what it reads. */
export interface WecomAppMessage {
  key: string
  target: { channel: string } | WecomAppTarget
  text: string
  /** a file part of the message (messageParts): uploaded, then sent as msgtype file */
  file?: Attachment
}

export interface WecomAppSender {
  channel: 'wecom-app'
  sendsFiles: boolean
  room(msg: WecomAppMessage): string | undefined
  send(msg: WecomAppMessage): Promise<void>
}

export interface WecomAppSenderOptions {
  clock?: Clock
  /** per member and window (WeCom: 30 a minute); tests scale it */
  pace?: { perWindow: number; windowMs: number }
  /** longest wait for a member's window; beyond it the send fails and the outbox retries later */
  maxWaitMs?: number
  timeoutMs?: number
}

/** the token was refused: fetch a new one and try once more */
const TOKEN_REFUSED = new Set([40014, 42001])

/**
 * 1:1 messages to members through the self-built app: POST `cgi-bin/message/send?access_token=…` with
 * `{ touser: "a|b", msgtype: "text", agentid, text: { content } }`. WeCom answers HTTP 200 with a
 * non-zero errcode when it refuses; an expired or invalid token (42001 / 40014) is fetched again once.
 * A file part is uploaded first (`cgi-bin/media/upload?access_token=…&type=file`) and sent as
 * `{ msgtype: 'file', file: { media_id } }`.
 */
export function wecomAppSender(
  settings: Pick<WecomSettings, 'apiBase' | 'corpId' | 'corpSecret' | 'agentId'>,
  o: WecomAppSenderOptions = {},
): WecomAppSender {
  const clock = o.clock ?? systemClock
  const tokens = new AccessToken({ ...settings, clock, timeoutMs: o.timeoutMs })
  const pace = new MemberPace(o.pace?.perWindow, o.pace?.windowMs)
  const maxWait = o.maxWaitMs ?? 60_000

  const post = async (token: string, body: unknown) => {
    const url = new URL('/cgi-bin/message/send', settings.apiBase)
    url.searchParams.set('access_token', token)
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
    })
    if (!res.ok) throw new Error(`wecom message/send answered HTTP ${res.status}`)
    return (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string; invaliduser?: string }
  }

  /** one call with the cached token; a token WeCom refused is fetched again and the call tried once more */
  const withToken = async <R extends { errcode?: number }>(call: (token: string) => Promise<R>): Promise<R> => {
    const token = await tokens.get()
    const reply = await call(token)
    if (reply.errcode === undefined || !TOKEN_REFUSED.has(reply.errcode)) return reply
    tokens.invalidate(token)
    return call(await tokens.get())
  }

  const upload = async (file: Attachment): Promise<string> => {
    const r = await withToken((token) => {
      const url = new URL('/cgi-bin/media/upload', settings.apiBase)
      url.searchParams.set('access_token', token)
      url.searchParams.set('type', 'file')
      return uploadMediaReply(url.toString(), file, o.timeoutMs)
    })
    if (r.errcode !== 0 || !r.media_id)
      throw new Error(`wecom media/upload refused: ${r.errcode ?? '?'} ${r.errmsg ?? ''}`.trim())
    return r.media_id
  }

  return {
    channel: 'wecom-app',
    sendsFiles: CHANNEL_LIMITS['wecom-app'].sendsFiles,
    room: (msg) => (isAppTarget(msg.target) ? msg.target.userIds.join('|') : undefined),
    async send(msg) {
      if (!isAppTarget(msg.target)) throw new Error(`wecom app sender got a ${msg.target.channel} message`)
      const userIds = msg.target.userIds
      const wait = pace.wait(userIds, clock.now().getTime())
      if (wait > maxWait)
        throw new Error(`wecom app: a member's 30 a minute are used up for ${Math.ceil(wait / 1000)} s`)
      if (wait > 0) await sleep(wait)
      const content = msg.file
        ? { msgtype: 'file', file: { media_id: await upload(msg.file) } }
        : { msgtype: 'text', text: { content: msg.text } }
      const body = { touser: userIds.join('|'), agentid: settings.agentId, ...content }
      const reply = await withToken((token) => post(token, body))
      pace.record(userIds, clock.now().getTime())
      if (reply.errcode !== 0)
        throw new Error(`wecom message/send refused: ${reply.errcode ?? '?'} ${reply.errmsg ?? ''}`.trim())
    },
  }
}

function isAppTarget(t: WecomAppMessage['target']): t is WecomAppTarget {
  return t.channel === 'wecom-app' && Array.isArray((t as WecomAppTarget).userIds)
}
