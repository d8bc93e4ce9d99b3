import { describe, it, expect, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { systemClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { buildContainer } from '../../src/container.js'
import { createLogger } from '../../src/logger.js'
import { waitFor } from '../../fixtures/wait-for.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { runChat, startChat } from '../support/chat-script.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { normalise } from './contract/channel-driver.js'

/** The bot's printed messages (a `机器人> ` line and its indented continuation lines), as plain text. */
function botTexts(out: string): string[] {
  const texts: string[] = []
  for (const line of out.split('\n')) {
    if (line.startsWith('机器人')) texts.push(line.replace(/^机器人[^>]*> /, ''))
    else if (line.startsWith('         ') && texts.length) texts[texts.length - 1] += `\n${line.trim()}`
    else if (!line.startsWith(' ') && texts.length && line.trim()) texts.push('') // a typed line ends a turn
  }
  return texts.filter(Boolean)
}

const TRANSCRIPT = '填报\n20万 35万\n15万 30万\n5万 5万\n已养护道路60公里\n'
const printed = new Map<string, string>()

describe('npm run chat -- --channel: one typed transcript through each channel’s real adapter and fake platform', () => {
  const dbs: Connection[] = []
  afterAll(async () => {
    for (const db of dbs) await closeTestDb(db)
  })

  it.each(['wechat', 'dingtalk', 'wecom'])(
    '--channel %s answers the transcript',
    async (channel) => {
      const db = await openTestDb(`chat_cli_${channel}`)
      dbs.push(db)
      await seedBotWorld(db, ['U1'])
      const { code, out } = await runChat(db.name, ['--unit', 'U1', '--as', '张丽', '--channel', channel], TRANSCRIPT)
      expect(code).toBe(0)
      // stdout is the transcript alone: the intro, the typed lines and the bot's (no SDK chatter)
      const stray = out.split('\n').filter((l) => l && !/^(— |张丽> |机器人|\s{9})/.test(l))
      expect(stray).toEqual([])
      const text = normalise(botTexts(out))
      expect(text).toContain('现在填写《项目支出绩效目标执行监控表》')
      expect(text).toContain('请回复以下 3 项')
      expect(text).toContain('已记录')
      printed.set(channel, text)
    },
    60_000,
  )

  it('the replies differ only in platform formatting: the same texts on every channel', () => {
    expect(printed.size).toBe(3)
    expect(printed.get('dingtalk')).toBe(printed.get('wechat'))
    expect(printed.get('wecom')).toBe(printed.get('wechat'))
  })

  it.each(['dingtalk', 'wecom'])(
    '--channel %s prints a notice as it arrives, before the next line is typed',
    async (channel) => {
      const db = await openTestDb(`chat_cli_push_${channel}`)
      dbs.push(db)
      await seedBotWorld(db, ['U1'])
      const io = startChat(db.name, ['--unit', 'U1', '--as', '张丽', '--channel', channel])
      try {
        io.child.stdin.write('帮助\n')
        // a spawned tsx process: its start is bounded generously (a shared CI machine under load takes long)
        await waitFor(() => /^机器人> /m.test(io.out), 'the answer to 帮助', 60_000)
        // the bureau sends a notice from elsewhere (the admin API's process): the simulator is idle
        const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' })
        const c = buildContainer(db, systemClock, config, createLogger('silent'))
        const n = await c.notices.broadcast.create(
          { title: '模拟通知', body: '请查收。', targets: { kind: 'units', codes: ['U1'] } },
          { kind: 'admin', name: 'test' },
        )
        expect(n.groups).toBe(1)
        await waitFor(() => io.out.includes('机器人> 【通知】模拟通知'), 'the notice printed', 20_000)
      } finally {
        io.child.stdin.end()
      }
      expect(await io.exited).toBe(0)
    },
    120_000,
  )

  it('refuses an unknown channel', async () => {
    const { code, out } = await runChat('chat_cli_none', ['--unit', 'U1', '--channel', 'qq'], '')
    expect(code).not.toBe(0)
    expect(out).toContain('unknown channel qq')
  }, 30_000)
})
