import { setTimeout as sleep } from 'node:timers/promises'
import { systemClock, type Clock } from '../../clock.js'
import { AccessToken } from './access-token.js'
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
}

export interface WecomAppSender {
  channel: 'wecom-app'
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

  return {
    channel: 'wecom-app',
    room: (msg) => (isAppTarget(msg.target) ? msg.target.userIds.join('|') : undefined),
    async send(msg) {
      if (!isAppTarget(msg.target)) throw new Error(`wecom app sender got a ${msg.target.channel} message`)
      const userIds = msg.target.userIds
      const wait = pace.wait(userIds, clock.now().getTime())
      if (wait > maxWait)
        throw new Error(`wecom app: a member's 30 a minute are used up for ${Math.ceil(wait / 1000)} s`)
      if (wait > 0) await sleep(wait)
      const body = {
        touser: userIds.join('|'),
        msgtype: 'text',
        agentid: settings.agentId,
        text: { content: msg.text },
      }
      let token = await tokens.get()
      let reply = await post(token, body)
      if (reply.errcode !== undefined && TOKEN_REFUSED.has(reply.errcode)) {
        tokens.invalidate(token)
        token = await tokens.get()
        reply = await post(token, body)
      }
      pace.record(userIds, clock.now().getTime())
      if (reply.errcode !== 0)
        throw new Error(`wecom message/send refused: ${reply.errcode ?? '?'} ${reply.errmsg ?? ''}`.trim())
    },
  }
}

function isAppTarget(t: WecomAppMessage['target']): t is WecomAppTarget {
  return t.channel === 'wecom-app' && Array.isArray((t as WecomAppTarget).userIds)
}
