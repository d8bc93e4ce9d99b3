import { WechatyBuilder } from 'wechaty'
import type { Container } from '../src/container.js'
import type { RoleStatus } from '../src/role-status.js'
import { DEFAULT_WECHAT_ACCOUNT } from '../src/outbox/to-record.js'
import { attachBot } from './attach-bot.js'

export interface BotHandle {
  stop(): Promise<void>
}

/**
 * The bot role: Wechaty with the configured puppet (WECHATY_PUPPET, default wechaty-puppet-wechat4u;
 * WECHATY_PUPPET_TOKEN for puppet-service), tianbao's handlers, and WeChat delivery after login.
 * A puppet that fails to start is logged and retried; it never takes the API or worker down.
 */
export async function startBot(c: Container, roles: RoleStatus): Promise<BotHandle> {
  const { puppet, puppetToken, name } = c.config.bot
  const bot = WechatyBuilder.build({
    name,
    puppet: puppet as never, // a package name; wechaty resolves it at run time
    puppetOptions: puppetToken ? { token: puppetToken } : undefined,
  })
  const attached = attachBot(c, bot, { account: DEFAULT_WECHAT_ACCOUNT, roles, printQr: true })
  let stopped = false
  const start = async (attempt: number): Promise<void> => {
    try {
      await bot.start()
    } catch (err) {
      roles.set('bot', { state: 'error', ready: false, required: false, detail: { error: (err as Error).message } })
      const wait = Math.min(300_000, 5000 * 2 ** attempt)
      const hint = attempt === 0 ? '; the API and worker carry on — to run without the bot, set ROLES=api,worker' : ''
      c.logger.error(
        { err: (err as Error).message, puppet, attempt: attempt + 1, retryInMs: wait },
        `bot failed to start${hint}`,
      )
      if (!stopped) setTimeout(() => void start(attempt + 1), wait).unref()
    }
  }
  roles.set('bot', { state: 'starting', ready: false, required: false, detail: { puppet } })
  void start(0)
  return {
    async stop() {
      stopped = true
      await attached.detach()
      await bot.stop().catch(() => undefined)
    },
  }
}
