import { describe, it, expect } from '@jest/globals'
import { dialogModel } from '../../src/db/models/dialog.js'
import { submissionModel } from '../../src/db/models/submission.js'
import { parkIdleDialogs } from '../../jobs/park-idle-dialogs.js'
import { useBotWorld } from '../support/bot-world.js'

describe('bot: idle dialogs (park-idle-dialogs job)', () => {
  const world = useBotWorld('bot_idle', ['U1'])

  it('nudges once after 30 minutes, parks as a draft after 24 hours, and 继续 resumes', async () => {
    const { h, db } = world
    const [staff] = h.mocker.createContacts(1)
    const room = h.mocker.createRoom({ topic: '第一局群', memberIdList: [h.botUser.id, staff.id] })
    await h.say(staff, '绑定 BINDU1', room)
    await h.say(staff, '填报', room)
    await h.say(staff, '20万 35万\n15万 30万\n5万 5万\n已养护道路60公里', room)
    const run = parkIdleDialogs.handler(h.c)
    const texts = () => h.sent.map((s) => s.text)

    h.c.clock.set('2027-07-05T02:10:00Z')
    await run({})
    await h.settle()
    expect(texts().filter((t) => t.includes('还没有完成'))).toHaveLength(0)

    h.c.clock.set('2027-07-05T02:45:00Z')
    await run({})
    await run({}) // a second sweep repeats nothing
    await h.settle()
    expect(texts().filter((t) => t.includes('还没有完成'))).toHaveLength(1)

    h.c.clock.set('2027-07-06T03:00:00Z')
    await run({})
    await h.settle()
    expect(texts().filter((t) => t.includes('已保存为草稿'))).toHaveLength(1)
    expect((await dialogModel(db).findOne({ unitCode: 'U1' }).lean())?.status).toBe('parked')
    const draft = await submissionModel(db).findOne({ unitCode: 'U1', status: 'draft' }).lean()
    expect(draft?.answers['projects.P1.funds.total.executed']).toBe(20_000_000)

    // ordinary chatter no longer goes to the parked dialog; 继续 resumes it at the same place
    expect(await h.say(staff, '70 120', room)).toEqual([])
    const resumed = (await h.say(staff, '继续', room)).join()
    expect(resumed).toContain('绩效指标')
    expect((await h.say(staff, '70 120\n95 95', room)).join()).toContain('已全部填写')
  })
})
