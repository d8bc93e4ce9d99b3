import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import type Router from '@koa/router'
import type { Config } from '../config.js'
import type { Container } from '../container.js'
import { outboxReplies } from '../outbox/reply-pickup.js'
import type { ChannelSender } from '../outbox/senders/channel-sender.js'
import { startDingTalkChannel, type DingTalkChannel } from './dingtalk/start-dingtalk-channel.js'
import { wecomAppSender } from './wecom/wecom-app-sender.js'
import { wecomCallbackRouter } from './wecom/wecom-callback-router.js'

/** Journal owner of this process for a channel (a lease holder id, as the WeChat bot's). */
const ownerOf = (channel: string): string => `${hostname()}:${process.pid}:${channel}:${randomUUID().slice(0, 8)}`

/**
 * The official channels as `CHANNELS` asks for them (src/config.ts), for the composition root:
 *   - wecom: the 智能机器人 callback (`/wecom/callback`, mounted by the API role) and, with the
 *     self-built app's settings, the 1:1 sender (registered by the worker role's delivery);
 *   - dingtalk: the Stream-mode robot (a long connection; started by the bot role).
 * WeChat (wechaty) is started by the bot role itself when `CHANNELS` has wechat.
 */
export function wecomRouters(config: Readonly<Config>, c: Container): Router[] {
  const bot = config.channels.includes('wecom') ? config.wecom.bot : undefined
  if (!bot) return []
  const router = wecomCallbackRouter(
    {
      core: c.chat.core,
      journal: c.chat.journal(ownerOf('wecom')),
      replies: outboxReplies(c.outbox, c.clock),
      clock: c.clock,
      logger: c.logger,
      files: c.chat.files,
    },
    {
      token: bot.token,
      encodingAESKey: bot.aesKey,
      corpId: config.wecom.app?.corpId ?? '',
      corpSecret: config.wecom.app?.secret ?? '',
      agentId: config.wecom.app?.agentId ?? 0,
      apiBase: config.wecom.apiBase,
    },
  )
  // messages journaled by a process that stopped mid-turn are answered once this one runs
  void router.recover().catch((err: unknown) => c.logger.warn({ err }, 'wecom: recovering journaled messages failed'))
  return [router]
}

/** Senders of the official channels that the worker role's delivery runs (the WeCom app's 1:1 messages). */
export function officialSenders(config: Readonly<Config>): ChannelSender[] {
  const app = config.channels.includes('wecom') ? config.wecom.app : undefined
  if (!app) return []
  return [
    wecomAppSender({ apiBase: config.wecom.apiBase, corpId: app.corpId, corpSecret: app.secret, agentId: app.agentId }),
  ]
}

/** The DingTalk robot, started by the bot role when `CHANNELS` has dingtalk; null otherwise. */
export function startDingTalk(config: Readonly<Config>, c: Container): DingTalkChannel | null {
  if (!config.channels.includes('dingtalk') || !config.dingtalk) return null
  return startDingTalkChannel(
    { outbox: c, core: c.chat.core, journal: c.chat.journal(ownerOf('dingtalk')), files: c.chat.files },
    config.dingtalk,
  )
}
