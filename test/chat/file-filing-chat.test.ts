import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type ExcelJS from 'exceljs'
import type { Connection } from 'mongoose'
import { fillWorkbook, type ClerkEntry } from '../../fixtures/fill-workbook.js'
import type { ChatCore } from '../../src/chat/chat-core.js'
import { dialogModel } from '../../src/db/models/dialog.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { BotHarness } from '../support/bot-harness.js'

const P = '项目1'
const e = (row: string, column: string, value: ExcelJS.CellValue): ClerkEntry => ({ sheet: P, row, column, value })

/** The roads project (35万 = 30万 + 5万) on 1-6月: the total and 财政拨款 lag, 其他资金 is on time progress. */
const FILLED: ClerkEntry[] = [
  e('年度资金总额', '1-6月执行数', { formula: 'E5+E6', result: 10.5 } as ExcelJS.CellFormulaValue),
  e('其中：财政拨款', '1-6月执行数', 8),
  e('其他资金', '1-6月执行数', '2.5万'),
  e('年度资金总额', '全年预计执行数', 35),
  e('其中：财政拨款', '全年预计执行数', '300000元'),
  e('其他资金', '全年预计执行数', 5),
  e('目标完成情况', '目标完成情况', '已养护道路60公里'),
  e('养护农村公路里程', '1-6月实际完成值', 60),
  e('养护农村公路里程', '全年预计完成值', 120),
  e('群众满意度', '1-6月实际完成值', 92),
  e('群众满意度', '全年预计完成值', 92),
]

/**
 * Filing by file in the chat, on the mock WeChat puppet: what the one reply lists, what is stored
 * (nothing from a file with errors until 保留), refusals, and who holds the form's dialog.
 */
describe('chat: a filled template sent into the unit group', () => {
  let db: Connection
  let h: BotHarness
  let roundId: string
  const template = async (unit: string): Promise<Buffer> =>
    (await h.c.services.fillTemplates.forUnit(roundId, unit, 'project'))[0].data
  const latest = (unit: string) => h.c.services.submissions.latest({ roundId, unitCode: unit, form: 'project' })
  const versions = (unit: string) =>
    h.c.repos.submissions.latest(roundId, unit, 'project').then((s) => (s ? s.version : 0))

  beforeAll(async () => {
    db = await openTestDb('chat_file_filing')
    roundId = await seedBotWorld(db, ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'])
    h = new BotHarness(db, '2027-07-05T02:00:00Z')
    await h.start()
  })
  afterAll(async () => {
    await h.stop()
    await closeTestDb(db)
  })

  it('reads a correct file into the draft and opens the dialog on it, asking for the lagging lines’ explanation; handled again it saves and answers once', async () => {
    const { staff, room } = await h.groupBound('U1', '第1局财务群')
    const core = h.c.chat.core as ChatCore
    const handled: Parameters<ChatCore['handle']>[] = []
    const original = core.handle.bind(core)
    core.handle = async (msg, platform) => {
      handled.push([msg, platform])
      return original(msg, platform)
    }
    const replies = await h.sayFile(staff[0], '道路养护.xlsx', await fillWorkbook(await template('U1'), FILLED), room)
    core.handle = original
    const said = replies.join('\n')
    expect(said).toContain('已读取文件《道路养护.xlsx》')
    expect(said).toContain('· 年度资金总额：执行 10.5万元，执行率 30%（执行进度低于序时进度）')
    expect(said).toContain('· 其他资金：执行 2.5万元，执行率 50%')
    expect(said).toContain('已按文件《道路养护.xlsx》填入，以下是还需补充的内容。')
    expect(said).not.toContain('已载入上次保存的草稿')
    expect(said).toContain('偏差原因')
    const draft = await latest('U1')
    expect(draft).toMatchObject({ status: 'draft', channel: 'wechat', version: 1 })
    expect(draft?.answers).toMatchObject({
      'projects.P1.funds.total.executed': 10_500_000,
      'projects.P1.funds.fiscal.expected': 30_000_000,
    })
    // the journal hands the same message again: no second save, no second reply
    const sent = h.sent.length
    const [msg, platform] = handled[handled.length - 1]
    await original({ ...msg, replayed: true }, platform)
    await original({ ...msg, replayed: true }, platform)
    await h.settle()
    expect(h.sent.length).toBe(sent)
    expect(await versions('U1')).toBe(1)
    expect(await dialogModel(db).countDocuments({ unitCode: 'U1', status: 'active' })).toBe(1)
  })

  it('lists every error of a file full of mistakes by cell and stores nothing; 保留 stores exactly the valid cells and the dialog asks for the rest', async () => {
    const { staff, room } = await h.groupBound('U2', '第2局财务群')
    const bad = await fillWorkbook(await template('U2'), [
      ...FILLED.slice(1, 4),
      e('年度资金总额', '1-6月执行数', '十万左右'),
      e('其他资金', '全年预计执行数', '不详'),
      e('养护农村公路里程', '1-6月实际完成值', '见附件'),
      e('群众满意度', '全年预计完成值', '很好'),
    ])
    const said = (await h.sayFile(staff[0], '错表.xlsx', bad, room)).join('\n')
    expect(said).toContain('有 4 处无法读取：')
    expect(said).toMatch(/项目1 第\d+行 1-6月执行数（E\d+）：/)
    expect(said).toMatch(/项目1 第\d+行 全年预计执行数（[A-Z]+\d+）：/)
    expect(said).toMatch(/项目1 第\d+行 1-6月实际完成值（[A-Z]+\d+）：/)
    expect(said).toMatch(/项目1 第\d+行 全年预计完成值（[A-Z]+\d+）：/)
    expect(said).toMatch(/未保存任何内容。回复“保留”只保存无误的 \d+ 项并继续填写，或改正后重新发送文件。$/)
    expect(await latest('U2')).toBeNull()
    expect(await dialogModel(db).countDocuments({ unitCode: 'U2' })).toBe(0)
    const valid = Number(/无误的 (\d+) 项/.exec(said)?.[1])

    const kept = (await h.say(staff[0], '保留', room)).join('\n')
    expect(kept).toContain(`已保存文件《错表.xlsx》中无误的 ${valid} 项。`)
    const draft = await latest('U2')
    expect(Object.keys(draft?.answers ?? {})).toHaveLength(valid)
    expect(draft?.answers).toMatchObject({
      'projects.P1.funds.fiscal.executed': 8_000_000,
      'projects.P1.funds.total.expected': 35_000_000,
    })
    expect(draft?.answers).not.toHaveProperty('projects.P1.funds.total.executed')
    expect(draft?.answers).not.toHaveProperty('projects.P1.funds.other.expected')
    // the dialog continues on the kept cells: it asks for what the file left wrong
    expect(await dialogModel(db).countDocuments({ unitCode: 'U2', status: 'active' })).toBe(1)
    expect(kept).toMatch(/执行|金额/)
    // the choice was used: nothing waits for another 保留
    expect(await h.c.chat.core.deps.pending.get(room.id, staff[0].id)).toBeNull()
    expect(await versions('U2')).toBe(1)
  })

  it('refuses another unit’s template and a submitted table, saying why; nothing stored', async () => {
    const { staff, room } = await h.groupBound('U3', '第3局财务群')
    const other = await fillWorkbook(await template('U4'), FILLED)
    const said = (await h.sayFile(staff[0], 'U4的表.xlsx', other, room)).join('\n')
    expect(said).toContain('文件《U4的表.xlsx》未读取：')
    expect(said).toContain('U4')
    expect(await latest('U3')).toBeNull()
    expect(await latest('U4')).toBeNull()

    const done = await h.groupSubmitted('U5', '第5局财务群')
    const before = await latest('U5')
    expect(before?.status).toBe('submitted')
    const refused = (
      await h.sayFile(done.staff[0], '再改.xlsx', await fillWorkbook(await template('U5'), FILLED), done.room)
    ).join('\n')
    expect(refused).toMatch(/《.+》已提交（第 1 版），不能再用文件修改/)
    expect(await versions('U5')).toBe(1)
  })

  it('refuses a file while a colleague fills the table in a dialog; the sender’s own open dialog gives way to the file', async () => {
    const { staff, room } = await h.groupMidForm('U6', '第6局工作群', 2)
    const file = await fillWorkbook(await template('U6'), FILLED)
    const refused = (await h.sayFile(staff[1], '表.xlsx', file, room)).join('\n')
    expect(refused).toContain(`${staff[0].payload.name} 正在对话中填写《`)
    expect(refused).toContain('文件《表.xlsx》未保存')
    expect(await latest('U6')).toBeNull()

    const own = (await h.sayFile(staff[0], '表.xlsx', file, room)).join('\n')
    expect(own).toContain('已按文件《表.xlsx》填入')
    expect(await latest('U6')).toMatchObject({ status: 'draft', version: 1 })
    const dialogs = await dialogModel(db).find({ unitCode: 'U6' }).lean()
    expect(dialogs.map((d) => d.status).sort()).toEqual(['active', 'cancelled'])
  })
})
