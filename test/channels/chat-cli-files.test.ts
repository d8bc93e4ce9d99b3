import { describe, it, expect, afterAll } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Connection } from 'mongoose'
import { openTestDb, closeTestDb } from '../support/db.js'
import { runChat } from '../support/chat-script.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { fakeXlsx } from './files/recording-filing.js'

describe('npm run chat -- --send-file: a file sent into the simulated chat as each channel delivers it', () => {
  const dbs: Connection[] = []
  const dir = mkdtempSync(join(tmpdir(), 'chat-files-'))
  const first = join(dir, '一季度监控表.xlsx')
  const second = join(dir, '补充.xlsx')
  writeFileSync(first, fakeXlsx(3 * 1024))
  writeFileSync(second, fakeXlsx(2 * 1024, 2))
  afterAll(async () => {
    for (const db of dbs) await closeTestDb(db)
  })

  it.each(['wechat', 'dingtalk', 'wecom'])(
    '--channel %s: the file is read (and refused as no template), then a /file line’s',
    async (channel) => {
      const db = await openTestDb(`chat_cli_files_${channel}`)
      dbs.push(db)
      await seedBotWorld(db, ['U1'])
      const args = ['--unit', 'U1', '--as', '张丽', '--channel', channel, '--send-file', first]
      const { code, out } = await runChat(db.name, args, `/file ${second}\n`)
      expect(code).toBe(0)
      // WeCom names no file: the answer names the unit's table instead
      const name = channel === 'wecom' ? 'U1.xlsx' : '一季度监控表.xlsx'
      // (the WeChat transcript keeps the reply's @mention of the sender)
      expect(out).toContain(`张丽> [文件] 一季度监控表.xlsx\n机器人> `)
      expect(out.replace(/机器人> @张丽\s/g, '机器人> ')).toContain(`机器人> 文件《${name}》未读取：文件无法打开`)
      expect(out.match(/未读取：文件无法打开/g)).toHaveLength(2)
    },
    60_000,
  )
})
