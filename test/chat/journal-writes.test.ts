import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import type { Collection } from 'mongodb'
import { ManualClock } from '../../src/clock.js'
import { InboundJournal, type InboundEntry } from '../../src/db/repositories/inbound-journal.js'
import { JournalWrites } from '../../src/db/repositories/journal-writes.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { failsAfterApplying } from '../support/fails-after-applying.js'

/** more than MongoDB's 16 MiB document limit: the driver refuses to send a command holding it */
const HUGE = 'x'.repeat(17 * 1024 * 1024)

const entry = (messageId: string, text = '你好'): InboundEntry => ({
  account: 'default',
  messageId,
  roomId: 'r1',
  roomTopic: '财务群',
  personId: 'p1',
  personName: '财务',
  text,
  mentioned: false,
  isText: true,
})

const outcome = (r: PromiseSettledResult<unknown>) => (r.status === 'fulfilled' ? r.value : 'rejected')

/**
 * The inbound journal's group commit (journal-writes.ts): records and done marks of several messages
 * share a command, but each message keeps its own outcome: one that cannot be written fails its own
 * turn only, and a command that failed as a whole neither loses nor doubles the others.
 */
describe('inbound journal writes, group-committed', () => {
  let db: Connection
  let journal: InboundJournal
  let seq = 0
  const id = () => `jw${++seq}`
  beforeAll(async () => {
    db = await openTestDb('journal_writes')
    journal = new InboundJournal(db, new ManualClock('2027-07-05T02:00:00Z'), 'owner-1', 60_000)
    await journal.model.init()
  })
  afterAll(() => closeTestDb(db))
  const stored = (ids: string[]) => journal.model.find({ messageId: { $in: ids } }).lean()

  it('a record the driver refuses fails alone: the messages journaled with it are stored and told so', async () => {
    const ids = [id(), id(), id(), id()]
    const results = await Promise.allSettled([
      journal.record(entry(ids[0])), // alone: the others wait for it and go together
      journal.record(entry(ids[1], HUGE)),
      journal.record(entry(ids[2])),
      journal.record(entry(ids[3])),
    ])
    expect(results.map(outcome)).toEqual([true, 'rejected', true, true])
    expect((await stored(ids)).map((d) => d.messageId).sort()).toEqual([ids[0], ids[2], ids[3]].sort())
  })

  it('a message delivered twice is still told so in a bulk, next to new ones', async () => {
    const ids = [id(), id(), id()]
    await journal.record(entry(ids[1]))
    const results = await Promise.all([
      journal.record(entry(ids[0])),
      journal.record(entry(ids[1])), // journaled before
      journal.record(entry(ids[2])),
    ])
    expect(results).toEqual([true, false, true])
  })

  it('a done mark the driver refuses fails alone: the marks sent with it are stored', async () => {
    const ids = [id(), id(), id(), id()]
    for (const m of ids) await journal.record(entry(m))
    const results = await Promise.allSettled([
      journal.done('default', ids[0]),
      journal.done('default', ids[1], HUGE),
      journal.done('default', ids[2]),
      journal.failed('default', ids[3], 'a bug'),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
    const states = Object.fromEntries((await stored(ids)).map((d) => [d.messageId, d.state]))
    expect(states).toEqual({ [ids[0]]: 'done', [ids[1]]: 'handling', [ids[2]]: 'done', [ids[3]]: 'failed' })
  })

  it('records stored by a command that then failed as a whole: each is its own (not "delivered twice"), none doubled', async () => {
    const coll = journal.model.collection as unknown as Collection
    const failing = failsAfterApplying(coll, 'insertMany')
    const writes = new JournalWrites(() => failing)
    const ids = [id(), id(), id(), id()]
    await journal.record(entry(ids[2])) // journaled before
    const doc = (m: string) => ({ account: 'default', messageId: m, state: 'handling', leaseOwner: 'owner-1' })
    const results = await Promise.allSettled([
      writes.record(doc(ids[0])), // alone (its insert fails as a whole, after storing it)
      writes.record(doc(ids[1])),
      writes.record(doc(ids[2])),
      writes.record(doc(ids[3])),
    ])
    expect(results.map(outcome)).toEqual([true, true, false, true])
    const rows = await stored(ids)
    expect(rows.map((d) => d.messageId).sort()).toEqual([...ids].sort()) // each once
  })

  it('flushLater waits for done marks the timer has already sent on (a settled bot is done in the journal)', async () => {
    const coll = journal.model.collection as unknown as Collection
    // the real collection, but its bulk writes wait at a gate this test opens
    let open!: () => void
    const gate = new Promise<void>((r) => (open = r))
    let gated = 0
    const slow = new Proxy(coll, {
      get(target, prop, receiver) {
        if (prop !== 'bulkWrite') return Reflect.get(target, prop, receiver) as unknown
        return async (...args: Parameters<Collection['bulkWrite']>) => {
          gated++
          await gate
          return target.bulkWrite(...args)
        }
      },
    })
    const writes = new JournalWrites(() => slow, 20)
    const m = id()
    await journal.record(entry(m))
    const marked = writes.markLater({ updateOne: { filter: { messageId: m }, update: { $set: { state: 'done' } } } })
    // the timer fires and sends the mark on; its write waits at the gate
    for (let i = 0; gated === 0 && i < 500; i++) await new Promise((r) => setTimeout(r, 10))
    expect(gated).toBe(1)
    let flushed = false
    const flushing = writes.flushLater().then(() => (flushed = true))
    await new Promise((r) => setTimeout(r, 50))
    expect(flushed).toBe(false) // it resolved with the mark still unwritten
    open()
    await flushing
    await marked
    expect((await stored([m]))[0]?.state).toBe('done')
  })
})
