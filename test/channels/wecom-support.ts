import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Connection } from 'mongoose'
import { OffsetClock, systemClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { ChatCore } from '../../src/chat/chat-core.js'
import type { FileFiling } from '../../src/chat/ports.js'
import { buildContainer, type Container } from '../../src/container.js'
import { createApp } from '../../src/http/app.js'
import { createLogger } from '../../src/logger.js'
import { alertingQueue } from '../../src/outbox/dead-alert.js'
import { DeliveryWorker } from '../../src/outbox/delivery-worker.js'
import { outboxReplies } from '../../src/outbox/reply-pickup.js'
import { wecomSender } from '../../src/outbox/senders/wecom-sender.js'
import { wecomCallbackRouter, type WecomSettings } from '../../src/channels/wecom/index.js'
import { startFakeWecom, type FakeWecom } from '../../fixtures/fake-wecom.js'

/** 43 characters of [a-zA-Z0-9], as WeCom generates an EncodingAESKey */
export function aesKey(): string {
  return randomBytes(40)
    .toString('base64')
    .replace(/[^a-zA-Z0-9]/g, '')
    .padEnd(43, 'k')
    .slice(0, 43)
}

export interface WecomWorld {
  c: Container
  fake: FakeWecom
  settings: WecomSettings
  /** the callback URL WeCom is configured with */
  url: string
  close(): Promise<void>
}

/**
 * tianbao's HTTP app (createApp) with only the WeCom callback mounted, over a container on the test
 * database (as test/support/bot-harness.ts builds it), and the fake WeCom with the same credentials.
 */
export async function startWecomWorld(
  db: Connection,
  start = '2027-07-05T02:00:00Z',
  /** `app`: the self-built app configured too (CHANNELS=wecom with its credentials, pointed at the fake) */
  o: { env?: Record<string, string>; filing?: FileFiling; app?: boolean } = {},
): Promise<WecomWorld> {
  const settings: WecomSettings = {
    token: `tok${randomBytes(4).toString('hex')}`,
    encodingAESKey: aesKey(),
    receiveId: '',
    corpId: 'ww-test',
    corpSecret: 'secret',
    agentId: 1000002,
    apiBase: '',
    account: 'wecom',
    botName: '填报助手',
  }
  const fake = await startFakeWecom({ ...settings, aibotId: 'AIBOT1' })
  settings.apiBase = fake.base
  const wecomEnv = o.app
    ? {
        CHANNELS: 'wecom',
        WECOM_BOT_TOKEN: settings.token,
        WECOM_BOT_AES_KEY: settings.encodingAESKey,
        WECOM_CORP_ID: settings.corpId,
        WECOM_APP_AGENT_ID: String(settings.agentId),
        WECOM_APP_SECRET: settings.corpSecret,
        WECOM_API_BASE: fake.base,
      }
    : {}
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    BUREAU_BIND_CODE: 'BUREAU2027',
    // the group robots' webhooks go to the fake too (the worker role's wecomSender reads config.wecom.webhookBase)
    WECOM_WEBHOOK_BASE: fake.base,
    ...wecomEnv,
    ...o.env,
  })
  const logger = createLogger(process.env.TEST_LOG ?? 'silent')
  const c = buildContainer(db, new OffsetClock(start), config, logger)
  await Promise.all(Object.values(c.conn.models).map((m) => m.init()))
  // the callback's freshness is wall-clock time (WeCom signs with its own clock), not the county's business time
  const router = wecomCallbackRouter(
    {
      core: o.filing ? new ChatCore({ ...c.chat.core.deps, filing: o.filing }) : c.chat.core,
      journal: c.chat.journal('wecom-test'),
      replies: outboxReplies(c.outbox, c.clock),
      clock: systemClock,
      logger,
      files: c.chat.files,
    },
    settings,
  )
  const app = createApp({ logger, bodyLimit: '1mb', corsOrigins: [], routers: [router] })
  const server = http.createServer(app.callback())
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    c,
    fake,
    settings,
    url: `http://127.0.0.1:${port}/wecom/callback`,
    async close() {
      await new Promise<void>((r) => server.close(() => r()))
      await fake.close()
    },
  }
}

/**
 * The worker role's WeCom group-robot delivery (as startEmailWebhookDelivery builds it, without the
 * e-mail worker): every 'wecom' outbox message goes to config.wecom.webhookBase, the fake. Started.
 */
export function startWebhookWorker(c: Container): DeliveryWorker {
  const worker = new DeliveryWorker({
    channel: 'wecom',
    queue: alertingQueue(c, `webhook-test-${randomBytes(3).toString('hex')}`, 120_000),
    repo: c.outbox,
    sender: wecomSender(c.config),
    clock: c.clock,
    logger: c.logger,
    pollMs: 50,
  })
  worker.start()
  return worker
}
