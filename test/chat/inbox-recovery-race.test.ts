import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { buildContainer, type Container } from '../../src/container.js'
import { createLogger } from '../../src/logger.js'
import { chatInbox } from '../../src/chat/chat-inbox.js'
import type { JournalPort } from '../../src/chat/ports.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { anyPlatform as platform } from '../support/any-platform.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { waitFor } from '../outbox/support/wait-for.js'

/**
 * A message is stored in the journal a moment before its receiver hears so (its record waits behind a
 * group-committed flush, or the process is slow): if its lease lapses in that moment, this process's own
 * recovery must not take it for a dead process's message and handle it a second time beside the receiver.
 */
describe('chat inbox: recovery and a message still being journaled', () => {
  let db: Connection
  let c: Container
  const clock = new ManualClock('2027-07-05T02:00:00Z')
  beforeAll(async () => {
    db = await openTestDb('inbox_recovery_race')
    await seedBotWorld(db, ['U1'])
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', CHAT_JOURNAL_LEASE_MS: '1000' })
    c = buildContainer(db, clock, config, createLogger('silent'))
    await Promise.all(Object.values(db.models).map((m) => m.init()))
  })
  afterAll(() => closeTestDb(db))

  it('is handled once, by its receiver: the recovery running meanwhile leaves it alone', async () => {
    const real = c.chat.journal('inbox-race')
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    // the real journal; the receiver hears of its record only once the test lets it
    const journal: JournalPort = {
      record: async (e) => {
        const fresh = await real.record(e)
        await gate
        return fresh
      },
      claimOrphan: (account, inFlight) => real.claimOrphan(account, inFlight),
      done: (account, id, text) => real.done(account, id, text),
      failed: (account, id, error) => real.failed(account, id, error),
    }
    const inbox = chatInbox(c.chat.core, journal, { account: 'default', platform })
    const receiving = inbox.receive({
      id: 'race-1',
      account: 'default',
      who: { id: 'pU1', name: '财务U1' },
      where: { kind: 'group', id: 'roomU1', topic: 'roomU1群' },
      text: '绑定 BINDU1',
      mentionedBot: false,
      isText: true,
    })
    const entries = db.collection('inbound_messages')
    await waitFor(async () => (await entries.countDocuments({ messageId: 'race-1' })) === 1, 'the record to be stored')
    clock.advance(5_000) // its lease lapsed before the receiver heard of it

    expect(await inbox.recover()).toBe(0)
    release()
    await receiving
    // and while its done mark waits to be group-committed, the recovery still leaves it alone
    clock.advance(5_000)
    expect(await inbox.recover()).toBe(0)
    await waitFor(
      async () => (await entries.findOne({ messageId: 'race-1' }))?.state === 'done',
      'the done mark to be stored',
    )
    expect(await entries.findOne({ messageId: 'race-1' })).toMatchObject({ state: 'done', attempts: 1 })
    expect(await db.collection('outbox').countDocuments({ key: { $regex: '^reply:race-1:' } })).toBe(1)
  })
})
