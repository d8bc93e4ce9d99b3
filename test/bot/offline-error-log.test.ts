import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { Writable } from 'node:stream'
import type { Connection } from 'mongoose'
import { pino } from 'pino'
import { WechatyBuilder } from 'wechaty'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { attachBot } from '../../bot/attach-bot.js'
import { shouldLog } from '../../bot/error-log.js'
import { systemClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { buildContainer } from '../../src/container.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { waitFor } from '../outbox/support/wait-for.js'

describe('the bot offline: repeated puppet errors are logged at exponentially spaced counts', () => {
  it.each([
    [1, true],
    [2, true],
    [3, false],
    [4, true],
    [6, false],
    [8, true],
    [1000, false],
    [1024, true],
  ])('error number %i is logged: %s', (n, logged) => {
    expect(shouldLog(n)).toBe(logged)
  })

  let db: Connection
  beforeAll(async () => {
    db = await openTestDb('bot_offline')
  })
  afterAll(async () => closeTestDb(db))

  it('100 network errors write 7 lines, the first saying how to run without the bot; a login starts a new run', async () => {
    const lines: { msg: string; repeated?: number }[] = []
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as { msg: string; repeated?: number })
        done()
      },
    })
    const c = buildContainer(db, systemClock, loadConfig({ NODE_ENV: 'test' }), pino({ level: 'info' }, sink))
    const mocker = new mock.Mocker()
    const puppet = new PuppetMock({ mocker })
    const bot = WechatyBuilder.build({ name: 'offline', puppet })
    // what wechat4u does offline: the puppet reports a network error, wechaty emits it as 'error'
    const networkError = () => puppet.emit('error', { data: 'getaddrinfo ENOTFOUND wx.qq.com' })
    const attached = attachBot(c, bot, { account: 'offline' })
    await bot.start()
    const errorLines = () => lines.filter((l) => l.msg.startsWith('wechaty error'))
    for (let i = 0; i < 100; i++) networkError()
    await waitFor(() => errorLines().length === 7, 'the error lines')
    expect(errorLines().map((l) => l.repeated)).toEqual([1, 2, 4, 8, 16, 32, 64])
    expect(errorLines()[0].msg).toContain('ROLES=api,worker')
    expect(errorLines()[1].msg).not.toContain('ROLES')

    const loggedIn = new Promise((resolve) => bot.once('login', resolve))
    mocker.login(mocker.createContact({ name: 'bot' }))
    await loggedIn
    await attached.loggedIn()
    networkError()
    await waitFor(() => errorLines().length === 8, 'the error line after the login')
    expect(errorLines().map((l) => l.repeated)).toEqual([1, 2, 4, 8, 16, 32, 64, 1])
    await attached.detach()
    await bot.stop()
  })
})
