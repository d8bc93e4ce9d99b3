import { CHANNEL_LIMITS } from '../../channels/limits.js'
import { uploadMedia } from '../../channels/wecom/upload-media.js'
import type { Config } from '../../config.js'
import type { ChannelSender, OutgoingMessage } from './channel-sender.js'

/**
 * A WeCom group robot: POST `{ msgtype: 'text', text: { content, mentioned_list, mentioned_mobile_list } }` to
 * `<base>/cgi-bin/webhook/send?key=<key>`. It answers HTTP 200 even when it refuses, with
 * `{"errcode":45009,"errmsg":"api freq out of limit"}` — so a non-zero errcode is a failed send.
 * A file part is uploaded first (`cgi-bin/webhook/upload_media?key=…&type=file`, multipart `media`) and
 * sent as `{ msgtype: 'file', file: { media_id } }`.
 */
export function wecomSender(config: Pick<Config, 'wecom'>, timeoutMs = 15_000): ChannelSender {
  return {
    channel: 'wecom',
    // text.content: at most 2048 UTF-8 bytes; a longer text is split by the delivery worker
    limit: CHANNEL_LIMITS.wecom.length,
    sendsFiles: CHANNEL_LIMITS.wecom.sendsFiles,
    room: (msg) => (msg.target.channel === 'wecom' ? msg.target.webhookKey : undefined),
    async send(msg: OutgoingMessage): Promise<void> {
      if (msg.target.channel !== 'wecom') throw new Error(`wecom sender got a ${msg.target.channel} message`)
      const base = config.wecom.webhookBase.replace(/\/$/, '')
      const key = encodeURIComponent(msg.target.webhookKey)
      const url = `${base}/cgi-bin/webhook/send?key=${key}`
      const body = msg.file
        ? {
            msgtype: 'file',
            file: {
              media_id: await uploadMedia(
                `${base}/cgi-bin/webhook/upload_media?key=${key}&type=file`,
                msg.file,
                timeoutMs,
              ),
            },
          }
        : {
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
