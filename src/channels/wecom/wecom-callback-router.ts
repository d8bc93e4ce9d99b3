import Router from '@koa/router'
import type { Context } from 'koa'
import { z } from 'zod'
import type { ChatCore } from '../../chat/chat-core.js'
import { chatInbox } from '../../chat/chat-inbox.js'
import type { JournalPort } from '../../chat/ports.js'
import type { Clock } from '../../clock.js'
import { AppError } from '../../errors.js'
import type { Logger } from '../../logger.js'
import type { ReplyPickup } from '../../outbox/reply-pickup.js'
import type { ChannelFiles } from '../files/channel-files.js'
import { CallbackCrypto } from './callback-crypto.js'
import { robotCallbackSchema, toInbound } from './robot-callback.js'
import { readRawBody } from './read-raw-body.js'
import { wecomFiles } from './wecom-files.js'
import { wecomPlatform } from './wecom-platform.js'
import { WECOM_BOT_ACCOUNT, type WecomSettings } from './wecom-settings.js'

export interface WecomCallbackDeps {
  core: ChatCore
  journal: JournalPort
  /** the replies the core queued for a message, answered in the callback (src/outbox/reply-pickup.ts) */
  replies: ReplyPickup
  clock: Clock
  logger: Logger
  /** where the robot registers the download of files sent to it (Container.chat.files) */
  files?: Pick<ChannelFiles, 'register'>
}

export type WecomCallbackRouter = Router & {
  /** handles what a stopped process journaled but did not finish (call at start, then now and then) */
  recover(): Promise<number>
}

const signedQuery = z.object({
  msg_signature: z.string().min(1),
  timestamp: z.string().regex(/^\d+$/),
  nonce: z.string().min(1),
})
const BODY_LIMIT = 64 * 1024

/**
 * The 智能机器人 callback (path `/wecom/callback`): GET verifies the URL (decrypt echostr, answer it in
 * plain text); POST carries `{ encrypt }`. A signature that does not match, or a timestamp older than
 * maxSkewSeconds, is a 403 before anything is decrypted or journaled. A message is journaled and handled
 * by the chat core (once per msgid: WeCom retries a callback), and its replies go back as the encrypted
 * passive reply of the same request, a finished stream message (https://developer.work.weixin.qq.com/
 * document/path/101031: a reply to a user's message is `stream`, `text` only for the welcome). A stream
 * refresh (msgtype stream) is answered with the same replies; a message with no reply gets an empty 200.
 */
export function wecomCallbackRouter(deps: WecomCallbackDeps, settings: WecomSettings): WecomCallbackRouter {
  const crypto = new CallbackCrypto(settings.token, settings.encodingAESKey, settings.receiveId ?? '')
  const account = settings.account ?? WECOM_BOT_ACCOUNT
  const maxSkew = settings.maxSkewSeconds ?? 300
  const platform = wecomPlatform()
  deps.files?.register('wecom', wecomFiles(settings.encodingAESKey))
  const inbox = chatInbox(deps.core, deps.journal, { account, platform })
  const router = new Router() as WecomCallbackRouter

  const checked = (ctx: Context, encrypted: string | undefined) => {
    const q = signedQuery.safeParse(ctx.query)
    if (!q.success || !encrypted) throw AppError.forbidden('签名无效')
    const age = Math.abs(deps.clock.now().getTime() / 1000 - Number(q.data.timestamp))
    if (age > maxSkew || !crypto.verify(q.data, encrypted)) {
      deps.logger.warn({ path: ctx.path, age: Math.round(age) }, 'wecom callback refused: bad or stale signature')
      throw AppError.forbidden('签名无效')
    }
    const plain = crypto.open(encrypted)
    if (plain === undefined) throw AppError.forbidden('签名无效')
    return plain
  }

  router.get('/wecom/callback', (ctx) => {
    const echo = typeof ctx.query.echostr === 'string' ? ctx.query.echostr : undefined
    ctx.type = 'text/plain'
    ctx.body = checked(ctx, echo)
  })

  router.post('/wecom/callback', async (ctx) => {
    const raw = await readRawBody(ctx, BODY_LIMIT)
    const envelope = z.object({ encrypt: z.string().min(1) }).safeParse(parseJson(raw))
    const plain = checked(ctx, envelope.success ? envelope.data.encrypt : undefined)
    const cb = robotCallbackSchema.safeParse(parseJson(plain))
    if (!cb.success) throw AppError.badRequest('无法识别的回调内容')
    let messageId = cb.data.msgid
    if (cb.data.msgtype === 'stream') messageId = cb.data.stream?.id ?? messageId
    else if (cb.data.msgtype !== 'event') {
      const msg = toInbound(cb.data, account, settings.botName)
      if (msg.where.kind === 'group') platform.heard(msg.who.id, msg.where.id)
      await inbox.receive(msg)
    }
    const texts = await deps.replies.take(account, messageId)
    if (texts.length === 0) {
      ctx.status = 200
      ctx.body = ''
      return
    }
    const reply = { msgtype: 'stream', stream: { id: messageId, finish: true, content: texts.join('\n\n') } }
    ctx.body = crypto.seal(JSON.stringify(reply), Math.floor(deps.clock.now().getTime() / 1000))
  })

  router.recover = () => inbox.recover()
  return router
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s)
  } catch {
    return undefined
  }
}
