import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { Types, type Connection } from 'mongoose'
import type { Collection } from 'mongodb'
import { DialogSaves } from '../../src/db/repositories/dialog-saves.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { failsAfterApplying } from '../support/fails-after-applying.js'

/**
 * Turn saves of several conversations group-committed into one bulk write: each save still reports
 * whether IT applied (the revision check), a lost save inserts nothing, and they go as one command.
 */
/** a turn's save of `text` at revision `rev` */
const step = (saves: DialogSaves, id: Types.ObjectId, rev: number, text: string) =>
  saves.save(id, rev, { $set: { text }, $inc: { rev: 1 } }, { rev: rev + 1, text })

/** more than MongoDB's 16 MiB document limit: the driver refuses to send a command holding it */
const HUGE = 'x'.repeat(17 * 1024 * 1024)

describe('dialog turn saves, group-committed', () => {
  let db: Connection
  let coll: Collection
  const commands: string[] = []
  beforeAll(async () => {
    db = await openTestDb('dialog_saves', { monitorCommands: true })
    coll = db.collection('dialog_saves_probe') as unknown as Collection
    db.getClient().on('commandStarted', (e: { commandName: string; command: Record<string, unknown> }) => {
      if (e.command[e.commandName] === 'dialog_saves_probe') commands.push(e.commandName)
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
    const saves = new DialogSaves(() => coll)
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
    expect(commands).toEqual(['update', 'update', 'update'])
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
    const saves = new DialogSaves(() => coll)
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
    const saves = new DialogSaves(() => coll)
    const results = await Promise.allSettled([
      step(saves, a, 0, 'a1'),
      saves.save(b, 0, { $inc: { rev: 1, text: 1 } }, { rev: 1 }), // $inc of a string: refused by the server
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
    const saves = new DialogSaves(() => failing)
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
    const saves = new DialogSaves(() => failing)
    // as DialogRepository.saveTurn sends it: the engine's state and the last turn as nested documents
    const change = (id: string) => ({
      state: { step: 2, answers: { funds: [20, 35], note: '按计划' }, pending: undefined },
      lastTurn: { messageId: id, replies: ['好的'] },
      updatedAt: new Date('2027-07-05T02:00:00Z'),
    })
    const save = (id: Types.ObjectId, m: string) =>
      saves.save(id, 0, { $set: change(m), $inc: { rev: 1 } }, { rev: 1, ...change(m) })
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
    const saves = new DialogSaves(() => reversing)
    const results = await Promise.all([
      step(saves, a, 0, 'a1'), // alone: the others wait for it and go together
      step(saves, b, 0, 'first'),
      step(saves, c, 0, 'c1'),
      step(saves, b, 0, 'second'), // the same conversation's next turn, on the same revision
    ])
    expect(results).toEqual([true, true, true, false])
    expect((await coll.findOne({ _id: b }))?.text).toBe('first')
  })
})
