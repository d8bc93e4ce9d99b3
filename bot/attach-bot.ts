import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { Wechaty, Friendship, ContactSelf } from 'wechaty'
import * as PUPPET from 'wechaty-puppet'
import qrcodeTerminal from 'qrcode-terminal'
import type { Container } from '../src/container.js'
import { onBotLogin, onBotLogout } from '../src/outbox/bot-presence.js'
import {
  startWechatDelivery,
  type WechatDelivery,
  type WechatDeliveryOptions,
} from '../src/outbox/start-wechat-delivery.js'
import type { RoleStatus } from '../src/role-status.js'
import { inboundHandler } from './handlers/inbound-handler.js'
import { onRoomLeave } from './handlers/on-room-leave.js'
import { ErrorLog } from './error-log.js'
import { wechatFiles } from './wechat-files.js'
import { wechatPlatform } from './wechat-platform.js'

type BotStatus = Parameters<Container['chat']['botStates']['save']>[1]

export interface AttachOptions {
  account: string
  roles?: RoleStatus
  /** print the login QR code in the terminal */
  printQr?: boolean
  delivery?: Omit<WechatDeliveryOptions, 'container' | 'wechaty' | 'account'>
  /**
   * false: do not store this bot's login state as the account's (the terminal simulator): /readyz and
   * GET /bot/qrcode show the service's own bot, not a simulator that logged in on the same database
   */
  recordState?: boolean
}

export interface AttachedBot {
  /** resolves after the login work (re-matching bindings, starting delivery) is done */
  loggedIn(): Promise<void>
  /** how many messages from others have been handled completely (tests and the simulator wait on it) */
  handled(): number
  delivery(): WechatDelivery | undefined
  detach(): Promise<void>
}

/**
 * Registers tianbao's handlers on a Wechaty instance (any puppet: wechat4u in production, the mock in
 * tests and the chat simulator). The handlers never throw into wechaty: a logout or a network failure
 * is logged and waits for the next login, the API and worker roles carry on.
 */
export function attachBot(c: Container, bot: Wechaty, o: AttachOptions): AttachedBot {
  const { account } = o
  const journal = c.chat.journal(`${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`)
  const inbound = inboundHandler(c, bot, account, journal)
  c.chat.files.register('wechat', wechatFiles(bot))
  let recovering: Promise<unknown> = Promise.resolve()
  let recoveryTimer: NodeJS.Timeout | undefined
  // one recovery at a time; a failure (database away) is logged and the next round tries again
  const recover = () =>
    (recovering = recovering
      .then(() => inbound.recover())
      .catch((err) => c.logger.error({ err }, 'journal recovery failed')))
  let delivery: WechatDelivery | undefined
  let login: Promise<void> = Promise.resolve()
  const state = (status: BotStatus, extra: { qr?: string; userName?: string } = {}) => {
    o.roles?.set('bot', { state: status, ready: status === 'logged-in', required: false })
    if (o.recordState === false) return Promise.resolve()
    return c.chat.botStates.save(account, status, extra).catch((err) => c.logger.warn({ err }, 'bot state not saved'))
  }
  bot.on('scan', (qr: string, status: PUPPET.types.ScanStatus) => {
    if (status !== PUPPET.types.ScanStatus.Waiting && status !== PUPPET.types.ScanStatus.Timeout) return
    c.logger.info({ account }, 'waiting for a scan of the login QR code (also at GET /bot/qrcode)')
    if (o.printQr) qrcodeTerminal.generate(qr, { small: true })
    void state('waiting-for-scan', { qr })
  })
  bot.on('login', (user: ContactSelf) => {
    errors.reset()
    login = (async () => {
      c.logger.info({ account, user: user.name() }, 'bot logged in')
      await state('logged-in', { userName: user.name() })
      await onBotLogin(c, account)
      await c.chat.core.rematch(wechatPlatform(bot, c.logger), account)
      delivery ??= startWechatDelivery({ container: c, wechaty: bot, account, ...o.delivery })
      // messages a stopped process journaled but did not finish: now, and whenever a lease lapses later
      await recover()
      recoveryTimer ??= setInterval(() => void recover(), Math.max(100, c.config.bot.journalLeaseMs / 2))
      recoveryTimer.unref()
    })().catch((err) => c.logger.error({ err }, 'login handling failed'))
  })
  bot.on('logout', (user: ContactSelf, reason?: string) => {
    c.logger.warn({ account, user: user?.name(), reason }, 'bot logged out: WeChat messages wait in the outbox')
    void state('logged-out')
    void onBotLogout(c, account, reason ?? 'logout').catch((err) => c.logger.error({ err }, 'logout alert failed'))
  })
  const errors = new ErrorLog(c.logger, 'wechaty error')
  bot.on('error', (err: Error) => errors.error(err))
  let handled = 0
  bot.on('message', async (msg) => {
    await inbound.receive(msg)
    if (!msg.self()) handled++
  })
  bot.on('room-leave', onRoomLeave(c, bot, account))
  bot.on('friendship', async (f: Friendship) => {
    try {
      if (f.type() !== PUPPET.types.Friendship.Receive) return
      const keyword = c.config.bot.friendKeyword
      if (keyword && !f.hello().includes(keyword)) return
      await f.accept()
    } catch (err) {
      c.logger.warn({ err }, 'friend request not accepted')
    }
  })
  void state('starting')
  return {
    loggedIn: () => login,
    handled: () => handled,
    delivery: () => delivery,
    async detach() {
      clearInterval(recoveryTimer)
      await recovering
      // the done marks still waiting to be group-committed (else the next start replays those messages)
      await journal.flush().catch((err) => c.logger.warn({ err }, 'journal done marks not flushed'))
      await delivery?.stop()
      ;(bot as unknown as NodeJS.EventEmitter).removeAllListeners()
    },
  }
}
