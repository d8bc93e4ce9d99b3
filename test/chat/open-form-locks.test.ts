import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { OffsetClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { buildContainer, type Container } from '../../src/container.js'
import { createLogger } from '../../src/logger.js'
import { chatInbox, type ChatInbox } from '../../src/chat/chat-inbox.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { anyPlatform as platform } from '../support/any-platform.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { unitGroupMessage } from '../support/unit-group-message.js'

const LOCKED = '本轮填报已锁定，不能再修改；如需修改请联系财政局重新开放'

/**
 * 填报 opens the form on the round unit its task list read (DialogService.start with `read`), not on a
 * second read: the submission service's refusals must hold on that read all the same — the unit's lock
 * mark, the round's scheduled lock, a unit reopened after the lock.
 */
describe('chat: 填报 on the task list’s read of the round unit still refuses a locked round', () => {
  let db: Connection
  let c: Container
  let inbox: ChatInbox
  let roundId: string
  let seq = 0
  const say = async (unit: string, text: string): Promise<string[]> => {
    const id = `l${++seq}`
    await inbox.receive(unitGroupMessage(id, unit, text))
    return (
      await db
        .collection('outbox')
        .find({ key: { $regex: `^reply:${id}:` } })
        .toArray()
    ).map((o) => String(o.text))
  }
  const opened = (unit: string) => db.collection('dialogs').countDocuments({ unitCode: unit, status: 'active' })

  beforeAll(async () => {
    db = await openTestDb('open_form_locks')
    roundId = await seedBotWorld(db, ['L1', 'L2', 'L3'])
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' })
    c = buildContainer(db, new OffsetClock('2027-07-05T02:00:00Z'), config, createLogger('silent'))
    await Promise.all(Object.values(db.models).map((m) => m.init()))
    inbox = chatInbox(c.chat.core, c.chat.journal('open-form-locks'), { account: 'default', platform })
    for (const u of ['L1', 'L2', 'L3']) await say(u, `绑定 BIND${u}`)
  })
  afterAll(() => closeTestDb(db))

  it('the unit’s lock mark: refused with the lock’s message, no dialog', async () => {
    await db.collection('roundunits').updateOne({ roundId, unitCode: 'L1' }, { $set: { locked: true } })
    expect((await say('L1', '填报')).join()).toContain(LOCKED)
    expect(await opened('L1')).toBe(0)
  })

  it('the round’s scheduled lock passed: refused; the unit reopened after it: opened', async () => {
    // the round's lock instant an hour ago (the current rounds are re-read: a fresh process's cache)
    await db.collection('rounds').updateOne({}, { $set: { lockAt: new Date('2027-07-05T01:00:00Z') } })
    c.repos.rounds.forget(roundId)
    expect((await say('L2', '填报')).join()).toContain(LOCKED)
    expect(await opened('L2')).toBe(0)

    await db.collection('roundunits').updateOne({ roundId, unitCode: 'L3' }, { $set: { reopened: true } })
    expect((await say('L3', '填报')).join()).not.toContain(LOCKED)
    expect(await opened('L3')).toBe(1)
  })
})
