import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { FUNDS, ON_TRACK, seedBotWorld } from '../../support/bot-fixtures.js'
import { closeTestDb, openTestDb } from '../../support/db.js'
import { normalise, type ChannelDriver } from './channel-driver.js'
import { dingtalkDriver } from './dingtalk-driver.js'
import { wechatDriver } from './wechat-driver.js'
import { wecomDriver } from './wecom-driver.js'

/** inside the seeded round (due 2027-07-10), 09:00 in the county */
const START = '2027-07-01T01:00:00Z'
/** 09:00 on 2027-07-07: the round's "3 days before" reminder slot is open */
const REMINDER_DAY = '2027-07-07T01:00:00Z'
const UNITS = ['U1', 'U2', 'U3', 'U4']
const CLERK = '李会计'
const unitName = (code: string) => `测试县第${code.slice(1)}局`

const drivers: [string, (db: Connection) => Promise<ChannelDriver>][] = [
  ['wechat', (db) => wechatDriver(db, START)],
  ['dingtalk', (db) => dingtalkDriver(db, START)],
  ['wecom', (db) => wecomDriver(db, START)],
]

/** each channel's normalised answers per step, compared across channels at the end */
const transcripts = new Map<string, Map<string, string>>()

/**
 * One set of conversation tests run against every channel's real adapter and fake platform, each on a
 * fresh database: the same words in, the same answers out (up to platform formatting, `normalise`).
 * Each case binds a group of its own (unit U1..U4), so the cases run alone and in any order.
 */
describe.each(drivers)('channel contract: %s', (name, make) => {
  let db: Connection
  let d: ChannelDriver
  const said = new Map<string, string>()
  const record = (step: string, texts: string[]): string => {
    const text = normalise(texts)
    said.set(step, text)
    return text
  }

  beforeAll(async () => {
    db = await openTestDb(`contract_${name}`)
    await seedBotWorld(db, UNITS)
    d = await make(db)
    transcripts.set(name, said)
  })
  afterAll(async () => {
    await d?.close()
    await closeTestDb(db)
  })

  it('绑定 BIND<unit> in a group → the group is bound', async () => {
    const r = await d.say(CLERK, '绑定 BINDU1', { group: 'G1' })
    expect(r).toHaveLength(1)
    expect(record('bind', r)).toMatch(/^本群已绑定「测试县第1局」。/)
  })

  it('填报 → the form; funds and indicators → the summary; 修改 1, 21万 → the summary again; 确认 → one receipt', async () => {
    const g = { group: 'G2' }
    await d.say(CLERK, '绑定 BINDU2', g)
    expect(record('form', await d.say(CLERK, '填报', g))).toContain(
      `您好，${unitName('U2')}：现在填写《项目支出绩效目标执行监控表》`,
    )
    expect(record('funds', await d.say(CLERK, FUNDS, g))).toMatch(/^已记录 7 项。[\s\S]*绩效指标完成情况/)
    const summary = record('summary', await d.say(CLERK, ON_TRACK, g))
    expect(summary).toContain('1. 年度资金总额·1-6月执行数：20万元')
    expect(summary).toContain('确认无误请回复“确认”提交')
    expect(record('edit', await d.say(CLERK, '修改 1', g))).toMatch(/^修改第 1 项（原填：20万元）。/)
    // 21万 alone breaks 财政拨款 + 其他资金 = 总额 (15万 + 5万): the bot asks for the three again
    expect(record('edit-value', await d.say(CLERK, '21万', g))).toContain('请更正：')
    const again = record('summary-again', await d.say(CLERK, '21万\n16万\n5万', g))
    expect(again).toContain('1. 年度资金总额·1-6月执行数：21万元')
    expect(again).toContain('3. 其中：财政拨款·1-6月执行数：16万元')
    expect(again).toContain('确认无误请回复“确认”提交')

    const receipt = await d.say(CLERK, '确认', g)
    const text = record('receipt', receipt)
    expect(text.match(/（第 1 版）/g)).toHaveLength(1)
    expect(text).toMatch(/已提交《.+》（第 1 版）/)
    const stored = await db.collection('submissions').find({ unitCode: 'U2' }).toArray()
    expect(stored.map((s) => [s.form, s.version])).toEqual([['project', 1]])
  })

  it('a notice to the unit reaches its group; 收到 from the clerk acknowledges it', async () => {
    const g = { group: 'G3' }
    await d.say(CLERK, '绑定 BINDU3', g)
    const mark = d.mark('G3')
    const title = '关于报送2027年1-6月绩效运行监控表的通知'
    const s = await d.c.notices.broadcast.create(
      { title, body: '请各单位于7月10日前完成填报。', targets: { kind: 'units', codes: ['U3'] } },
      { kind: 'admin', name: 'contract' },
    )
    expect(s).toMatchObject({ units: 1, groups: 1 })
    const got = await d.receivedSince('G3', mark)
    const notice = record('notice', got)
    expect(notice).toContain(`【通知】${title}`)
    expect(notice).toContain('请各单位于7月10日前完成填报。') // the body, as it was given
    record('ack', await d.say(CLERK, '收到', g))
    const n = await d.c.notices.broadcast.get(s.id)
    expect(n?.acks.map((a) => a.unitCode)).toEqual(['U3'])
  })

  it('a due reminder reaches the unit’s group', async () => {
    const g = { group: 'G4' }
    await d.say(CLERK, '绑定 BINDU4', g)
    const mark = d.mark('G4')
    d.c.clock.set(new Date(REMINDER_DAY))
    try {
      const swept = await d.c.chase.reminders.sweep()
      expect(swept.enqueued).toBeGreaterThan(0)
      const reminder = record('reminder', await d.receivedSince('G4', mark))
      expect(reminder).toContain(unitName('U4'))
      expect(reminder).toContain('项目支出')
    } finally {
      d.c.clock.set(new Date(START))
    }
  })
})

describe('channel contract: the same answers on every channel', () => {
  it('each step’s answers are the same text on every channel that ran it (after normalise)', () => {
    const steps = new Set([...transcripts.values()].flatMap((t) => [...t.keys()]))
    for (const step of steps) {
      const texts = [...transcripts].filter(([, t]) => t.has(step)).map(([ch, t]) => [ch, t.get(step)])
      const first = texts[0][1]
      for (const [ch, text] of texts) expect({ step, ch, text }).toEqual({ step, ch, text: first })
    }
  })
})
