import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { Types, type Connection } from 'mongoose'
import type { Collection } from 'mongodb'
import { DialogSaves } from '../../src/db/repositories/dialog-saves.js'
import { closeTestDb, openTestDb } from '../support/db.js'

/**
 * Turn saves of several conversations group-committed into one bulk write: each save still reports
 * whether IT applied (the revision check), a lost save inserts nothing, and they go as one command.
 */
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
    const step = (text: string) => ({ $set: { text }, $inc: { rev: 1 } })
    const results = await Promise.all([
      saves.save(a, 0, step('a1')), // alone in the first command
      saves.save(b, 4, step('b1')),
      saves.save(b, 4, step('b1-stale')), // the same revision again: must lose
      saves.save(c, 6, step('c-stale')), // a revision already gone
      saves.save(a, 1, step('a2')), // after the first: applies
    ])
    expect(results).toEqual([true, true, false, false, true])
    expect(commands).toEqual(['update', 'update']) // the first alone, the four that waited together
    expect(await coll.countDocuments()).toBe(3) // a lost save inserted nothing
    const docs = Object.fromEntries(
      (await coll.find().toArray()).map((d) => [String(d._id), { rev: d.rev as number, text: d.text as string }]),
    )
    expect(docs[String(a)]).toEqual({ rev: 2, text: 'a2' })
    expect(docs[String(b)]).toEqual({ rev: 5, text: 'b1' })
    expect(docs[String(c)]).toEqual({ rev: 7, text: '' })
  })
})
