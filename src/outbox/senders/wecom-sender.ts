import { CHANNEL_LIMITS } from '../../channels/limits.js'
import type { Config } from '../../config.js'
import type { ChannelSender, OutgoingMessage } from './channel-sender.js'

/**
 * A WeCom group robot: POST `{ msgtype: 'text', text: { content, mentioned_list, mentioned_mobile_list } }` to
 * `<base>/cgi-bin/webhook/send?key=<key>`. It answers HTTP 200 even when it refuses, with
 * `{"errcode":45009,"errmsg":"api freq out of limit"}` — so a non-zero errcode is a failed send.
 */
export function wecomSender(config: Pick<Config, 'wecom'>, timeoutMs = 15_000): ChannelSender {
  return {
    channel: 'wecom',
    // text.content: at most 2048 UTF-8 bytes; a longer text is split by the delivery worker
    limit: CHANNEL_LIMITS.wecom.length,
    room: (msg) => (msg.target.channel === 'wecom' ? msg.target.webhookKey : undefined),
    async send(msg: OutgoingMessage): Promise<void> {
      if (msg.target.channel !== 'wecom') throw new Error(`wecom sender got a ${msg.target.channel} message`)
      const url = `${config.wecom.webhookBase.replace(/\/$/, '')}/cgi-bin/webhook/send?key=${encodeURIComponent(msg.target.webhookKey)}`
      const body = {
        msgtype: 'text',
        text: {
          content: msg.text,
          mentioned_list: msg.target.mentionedUserIds ?? [],
          mentioned_mobile_list: msg.target.mentionedMobiles ?? [],
        },
      }
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
      if (!res.ok) throw new Error(`wecom webhook answered HTTP ${res.status}`)
      const reply = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string }
      if (reply.errcode !== 0)
        throw new Error(`wecom webhook refused: ${reply.errcode ?? '?'} ${reply.errmsg ?? ''}`.trim())
    },
  }
}
