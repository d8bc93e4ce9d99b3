import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { Types, type Connection } from 'mongoose'
import type { Collection } from 'mongodb'
import { GroupedUpdates } from '../../src/db/grouped-updates.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { failsAfterApplying } from '../support/fails-after-applying.js'

/**
 * Conditional updates of several documents group-committed into one bulk write (the dialogs' turn saves,
 * the round units' head writes): each update still reports whether IT applied (its condition), a lost
 * update inserts nothing, and they go as one command.
 */
/** a turn's save of `text` at revision `rev` */
const step = (saves: GroupedUpdates, id: Types.ObjectId, rev: number, text: string) =>
  saves.apply({
    key: String(id),
    filter: { _id: id, rev },
    update: { $set: { text }, $inc: { rev: 1 } },
    stored: { _id: id, rev: rev + 1, text },
  })

/** more than MongoDB's 16 MiB document limit: the driver refuses to send a command holding it */
const HUGE = 'x'.repeat(17 * 1024 * 1024)

describe('conditional updates, group-committed', () => {
  let db: Connection
  let coll: Collection
  const commands: string[] = []
  beforeAll(async () => {
    db = await openTestDb('grouped_updates', { monitorCommands: true })
    coll = db.collection('grouped_updates_probe') as unknown as Collection
    db.getClient().on('commandStarted', (e: { commandName: string; command: Record<string, unknown> }) => {
      const coll = String(e.command[e.commandName])
      if (coll.startsWith('grouped_updates')) commands.push(`${e.commandName} ${coll}`)
    })
  })
  afterAll(() => closeTestDb(db))

  it('the same revision saved twice at once: exactly one wins, the other is told it lost; others unaffected', async () => {
    const a = new Types.ObjectId()
    const b = new Types.ObjectId()
    const c = new Types.ObjectId()
    await coll.insertMany([
      { _id: a, rev: 0, text: '' },
      { _id: b, rev: 4, text: '' },
      { _id: c, rev: 7, text: '' },
    ])
    const saves = new GroupedUpdates(() => coll)
    commands.length = 0
    const results = await Promise.all([
      step(saves, a, 0, 'a1'), // alone in the first command
      step(saves, b, 4, 'b1'),
      step(saves, b, 4, 'b1-stale'), // the same revision again: must lose
      step(saves, c, 6, 'c-stale'), // a revision already gone
      step(saves, a, 1, 'a2'), // after the first: applies
    ])
    expect(results).toEqual([true, true, false, false, true])
    // the first alone, the three of other dialogs that waited together, then b's second save (one save per
    // dialog per command: the later one goes next)
    expect(commands).toEqual(Array(3).fill('update grouped_updates_probe'))
    expect(await coll.countDocuments()).toBe(3) // a lost save inserted nothing
    const docs = Object.fromEntries(
      (await coll.find().toArray()).map((d) => [String(d._id), { rev: d.rev as number, text: d.text as string }]),
    )
    expect(docs[String(a)]).toEqual({ rev: 2, text: 'a2' })
    expect(docs[String(b)]).toEqual({ rev: 5, text: 'b1' })
    expect(docs[String(c)]).toEqual({ rev: 7, text: '' })
  })

  it('a save the driver refuses fails alone: the saves it shared a bulk with are stored and told so', async () => {
    const [a, b, c, d] = [0, 1, 2, 3].map(() => new Types.ObjectId())
    await coll.insertMany([a, b, c, d].map((_id) => ({ _id, rev: 0, text: '' })))
    const saves = new GroupedUpdates(() => coll)
    const results = await Promise.allSettled([
      step(saves, a, 0, 'a1'), // alone: the others wait for it and go together
      step(saves, b, 0, HUGE),
      step(saves, c, 0, 'c1'),
      step(saves, d, 5, 'd-stale'),
    ])
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected'))).toEqual([
      true,
      'rejected',
      true,
      false,
    ])
    const text = async (id: Types.ObjectId) => (await coll.findOne({ _id: id }))?.text as string
    expect([await text(a), await text(b), await text(c), await text(d)]).toEqual(['a1', '', 'c1', ''])
  })

  it('a per-write error that is not a duplicate key fails only its own save', async () => {
    const [a, b, c] = [0, 1, 2].map(() => new Types.ObjectId())
    await coll.insertMany([a, b, c].map((_id) => ({ _id, rev: 0, text: '' })))
    const saves = new GroupedUpdates(() => coll)
    const results = await Promise.allSettled([
      step(saves, a, 0, 'a1'),
      saves.apply({
        key: String(b),
        filter: { _id: b, rev: 0 },
        update: { $inc: { rev: 1, text: 1 } },
        stored: { _id: b, rev: 1 },
      }), // $inc of a string: refused by the server
      step(saves, c, 0, 'c1'),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((await coll.findOne({ _id: c }))?.rev).toBe(1)
    expect((await coll.findOne({ _id: b }))?.rev).toBe(0)
  })

  it('a bulk that stored its saves and then failed as a whole: each save stored is reported applied, not lost', async () => {
    const [a, b, c] = [0, 1, 2].map(() => new Types.ObjectId())
    await coll.insertMany([a, b, c].map((_id) => ({ _id, rev: 0, text: '' })))
    const failing = failsAfterApplying(coll, 'bulkWrite')
    const saves = new GroupedUpdates(() => failing)
    const results = await Promise.all([
      step(saves, a, 0, 'a1'), // alone (a plain update)
      step(saves, b, 0, 'b1'),
      step(saves, b, 0, 'b1-rival'), // the same revision: lost to b1
      step(saves, c, 0, 'c1'),
    ])
    expect(results).toEqual([true, true, false, true])
    const docs = await coll
      .find({ _id: { $in: [a, b, c] } })
      .sort({ _id: 1 })
      .toArray()
    expect(docs.map((d) => [d.rev, d.text])).toEqual([
      [1, 'a1'],
      [1, 'b1'],
      [1, 'c1'],
    ])
  })

  it('a save stored by a failed bulk is recognised by its whole state, nested objects and all', async () => {
    const [a, b, c] = [0, 1, 2].map(() => new Types.ObjectId())
    await coll.insertMany([a, b, c].map((_id) => ({ _id, rev: 0, text: '' })))
    const failing = failsAfterApplying(coll, 'bulkWrite')
    const saves = new GroupedUpdates(() => failing)
    // as DialogRepository.saveTurn sends it: the engine's state and the last turn as nested documents
    const change = (id: string) => ({
      state: { step: 2, answers: { funds: [20, 35], note: '按计划' }, pending: undefined },
      lastTurn: { messageId: id, replies: ['好的'] },
      updatedAt: new Date('2027-07-05T02:00:00Z'),
    })
    const save = (id: Types.ObjectId, m: string) =>
      saves.apply({
        key: String(id),
        filter: { _id: id, rev: 0 },
        update: { $set: change(m), $inc: { rev: 1 } },
        stored: { _id: id, rev: 1, ...change(m) },
      })
    const results = await Promise.all([step(saves, a, 0, 'a1'), save(b, 'm1'), save(c, 'm3'), save(b, 'm2')])
    expect(results).toEqual([true, true, true, false]) // b's rival goes after the failed bulk, alone, and loses
    expect((await coll.findOne({ _id: b }))?.lastTurn).toEqual({ messageId: 'm1', replies: ['好的'] })
    expect((await coll.findOne({ _id: c }))?.lastTurn).toEqual({ messageId: 'm3', replies: ['好的'] })
  })

  it('two turns of one conversation on the same revision: the first to arrive wins even where a bulk is applied out of order', async () => {
    const [a, b, c] = [0, 1, 2].map(() => new Types.ObjectId())
    await coll.insertMany([a, b, c].map((_id) => ({ _id, rev: 0, text: '' })))
    // the real collection, but its bulk writes applied last to first (an unordered bulk promises no order)
    const reversing = new Proxy(coll, {
      get(target, prop, receiver) {
        if (prop !== 'bulkWrite') return Reflect.get(target, prop, receiver) as unknown
        return async (ops: Parameters<Collection['bulkWrite']>[0], options: Parameters<Collection['bulkWrite']>[1]) => {
          const reversed = [...ops].reverse()
          try {
            return await target.bulkWrite(reversed, options)
          } catch (err) {
            // the write errors' indexes back to the caller's order
            const list = (err as { writeErrors?: { index: number }[] }).writeErrors
            if (Array.isArray(list))
              Object.defineProperty(err, 'writeErrors', {
                value: list.map((e) => ({ index: ops.length - 1 - e.index, code: (e as { code?: unknown }).code })),
              })
            throw err
          }
        }
      },
    })
    const saves = new GroupedUpdates(() => reversing)
    const results = await Promise.all([
      step(saves, a, 0, 'a1'), // alone: the others wait for it and go together
      step(saves, b, 0, 'first'),
      step(saves, c, 0, 'c1'),
      step(saves, b, 0, 'second'), // the same conversation's next turn, on the same revision
    ])
    expect(results).toEqual([true, true, true, false])
    expect((await coll.findOne({ _id: b }))?.text).toBe('first')
  })

  it('keyed by a unique index instead of _id (the round units): a lost update collides on that index and inserts nothing', async () => {
    const units = db.collection('grouped_updates_units') as unknown as Collection
    await units.createIndex({ roundId: 1, unitCode: 1 }, { unique: true })
    await units.insertMany(['A', 'B', 'C'].map((unitCode) => ({ roundId: 'r', unitCode, heads: { p: { seq: 1 } } })))
    const saves = new GroupedUpdates(() => units)
    // as RoundUnitHeads sends a head write: the head's seq as equality, so the failed upsert's document
    // has the unit's keys and that seq, and the $set of the whole head goes over it
    const head = (unitCode: string, seq: number) =>
      saves.apply({
        key: `r|${unitCode}`,
        filter: { roundId: 'r', unitCode, 'heads.p.seq': seq, locked: { $ne: true } },
        update: { $set: { 'heads.p': { seq: seq + 1, by: 'me' } } },
        stored: { roundId: 'r', unitCode, 'heads.p.seq': seq + 1, 'heads.p.by': 'me' },
      })
    commands.length = 0
    const results = await Promise.all([head('A', 1), head('B', 1), head('C', 7), head('A', 2)])
    expect(results).toEqual([true, true, false, true])
    // A's first alone, then B, C and A's second together
    expect(commands).toEqual(Array(2).fill('update grouped_updates_units'))
    expect(await units.countDocuments()).toBe(3)
    const seqs = (await units.find().sort({ unitCode: 1 }).toArray()).map(
      (d) => (d.heads as { p: { seq: number } }).p.seq,
    )
    expect(seqs).toEqual([3, 2, 1])
  })
})
