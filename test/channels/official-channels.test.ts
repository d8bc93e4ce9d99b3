import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Connection } from 'mongoose'
import { systemClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { buildContainer, type Container } from '../../src/container.js'
import { createApp } from '../../src/http/app.js'
import { createLogger } from '../../src/logger.js'
import { officialSenders, startDingTalk, wecomRouters } from '../../src/channels/official-channels.js'
import { startFakeWecom, type FakeWecom } from '../../fixtures/fake-wecom.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { aesKey } from './wecom-support.js'

/** The composition root's view of CHANNELS: which official channels the roles start or mount. */
describe('official channels from CHANNELS', () => {
  let db: Connection
  let fake: FakeWecom
  const token = 'tok-official'
  const key = aesKey()
  const logger = createLogger('silent')
  const containerFor = (env: Record<string, string>): { c: Container; config: ReturnType<typeof loadConfig> } => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env })
    return { c: buildContainer(db, systemClock, config, logger), config }
  }

  beforeAll(async () => {
    db = await openTestDb('official_channels')
    fake = await startFakeWecom({
      token,
      encodingAESKey: key,
      receiveId: '',
      corpId: 'ww-test',
      corpSecret: 's',
      aibotId: 'AIBOT1',
    })
  })
  afterAll(async () => {
    await fake.close()
    await closeTestDb(db)
  })

  it('CHANNELS=wechat (the default): no WeCom callback, no official sender, no DingTalk robot', () => {
    const { c, config } = containerFor({})
    expect(config.channels).toEqual(['wechat'])
    expect(wecomRouters(config, c)).toEqual([])
    expect(officialSenders(config)).toEqual([])
    expect(startDingTalk(config, c)).toBeNull()
  })

  it('CHANNELS=wechat,wecom: the callback is mounted (URL check answered, forged one refused) and the app sender registered', async () => {
    const { c, config } = containerFor({
      CHANNELS: 'wechat,wecom',
      WECOM_BOT_TOKEN: token,
      WECOM_BOT_AES_KEY: key,
      WECOM_CORP_ID: 'ww-test',
      WECOM_APP_AGENT_ID: '1000002',
      WECOM_APP_SECRET: 'app-secret',
      WECOM_API_BASE: fake.base,
    })
    const app = createApp({
      logger,
      bodyLimit: '1mb',
      corsOrigins: [],
      trustProxyHops: 0,
      routers: wecomRouters(config, c),
    })
    const server = http.createServer(app.callback())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`
      const ok = await fake.verifyUrl(url)
      expect([ok.status, ok.text]).toEqual([200, ok.echo])
      const forged = await fetch(
        `${url}?msg_signature=bad&timestamp=${Math.floor(Date.now() / 1000)}&nonce=1&echostr=abc`,
      )
      expect(forged.status).toBe(403)
    } finally {
      await new Promise((r) => server.close(r))
    }
    expect(officialSenders(config).map((s) => s.channel)).toEqual(['wecom-app'])
  })
})
