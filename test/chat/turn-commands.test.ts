import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { OffsetClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { buildContainer, type Container } from '../../src/container.js'
import { createLogger } from '../../src/logger.js'
import { chatInbox, type ChatInbox } from '../../src/chat/chat-inbox.js'
import type { InboundMessage } from '../../src/chat/inbound-message.js'
import { unitGroupMessage } from '../support/unit-group-message.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { anyPlatform as platform } from '../support/any-platform.js'
import { FUNDS, ON_TRACK, seedBotWorld } from '../support/bot-fixtures.js'
import type { InboundJournal } from '../../src/db/repositories/inbound-journal.js'
import { waitFor } from '../outbox/support/wait-for.js'

const READS = new Set(['find', 'aggregate', 'count', 'distinct', 'getMore'])
/** the driver's own housekeeping, not the chat's */
const HOUSEKEEPING = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'buildInfo'])

/**
 * The database commands of one chat turn in a dialog that is already open, in a bound group: the room's
 * binding and the open dialog come from this process's caches, so the turn reads nothing; it writes the
 * journal record, the dialog (one conditional update) and the reply (the outbox). Its journal done mark
 * waits a moment to go with other turns' marks in one command (journal-writes.ts), so it is not the
 * turn's own. With several conversations at once the journal's records and the dialog saves are
 * group-committed too. Counted with the driver's command monitoring on this test's own connection, so
 * the hot path cannot silently grow back.
 */
describe('chat: the database commands of a mid-dialog turn', () => {
  let db: Connection
  let c: Container
  let inbox: ChatInbox
  let journal: InboundJournal
  const commands: string[] = []
  let counting = false
  let seq = 0

  const msg = (room: string, person: string, text: string): InboundMessage => ({
    id: `m${++seq}`,
    account: 'default',
    who: { id: person, name: `财务${person}` },
    where: { kind: 'group', id: room, topic: `${room}群` },
    text,
    mentionedBot: false,
    isText: true,
  })
  let roundId: string
  /**
   * the commands sent while `run` runs, as "command collection" (earlier turns' done marks sent before,
   * and the round — kept 2 s, shared by every conversation of the round — in this process's cache)
   */
  const counted = async (run: () => Promise<unknown>): Promise<string[]> => {
    await journal.flush()
    await c.repos.rounds.getRound(roundId)
    commands.length = 0
    counting = true
    await run()
    counting = false
    return [...commands].sort()
  }
  const units = ['U1', 'U2', 'U3', 'U4']

  beforeAll(async () => {
    db = await openTestDb('turn_commands', { monitorCommands: true })
    roundId = await seedBotWorld(db, units)
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BUREAU_BIND_CODE: 'BUREAU2027' })
    c = buildContainer(db, new OffsetClock('2027-07-05T02:00:00Z'), config, createLogger('silent'))
    await Promise.all(Object.values(db.models).map((m) => m.init()))
    journal = c.chat.journal('turn-commands')
    inbox = chatInbox(c.chat.core, journal, { account: 'default', platform })
    db.getClient().on(
      'commandStarted',
      (e: { commandName: string; databaseName: string; command: Record<string, unknown> }) => {
        if (counting && e.databaseName === db.name && !HOUSEKEEPING.has(e.commandName))
          commands.push(`${e.commandName} ${String(e.command[e.commandName])}`)
      },
    )
    // each unit's group bound, its form opened (the dialog kept in this process)
    for (const u of units) {
      await inbox.receive(msg(`room${u}`, `p${u}`, `绑定 BIND${u}`))
      await inbox.receive(msg(`room${u}`, `p${u}`, '填报'))
    }
    const open = await db.collection('dialogs').countDocuments({ status: 'active' })
    if (open !== units.length) throw new Error(`expected ${units.length} open dialogs, found ${open}`)
  })
  afterAll(() => closeTestDb(db))

  /** the journal entries of these messages, once their done marks (waiting to be group-committed) are stored */
  const allDone = (ids: string[]) =>
    waitFor(
      async () =>
        (await db.collection('inbound_messages').countDocuments({ messageId: { $in: ids }, state: 'done' })) ===
        ids.length,
      'the done marks to be stored',
    )

  it('one turn alone: no read; the journal record, the dialog update, the reply (the done mark comes after)', async () => {
    const m = msg('roomU1', 'pU1', FUNDS)
    const list = await counted(() => inbox.receive(m))
    expect(list.filter((k) => READS.has(k.split(' ')[0]))).toEqual([])
    expect(list).toEqual(['insert inbound_messages', 'insert outbox', 'update dialogs'])
    const dialog = await db.collection('dialogs').findOne({ unitCode: 'U1', status: 'active' })
    expect(dialog?.rev).toBe(1) // the answer was taken
    await allDone([m.id]) // its mark was not dropped: it went a moment later, on its own timer
  })

  it('the done marks of several turns go as one command', async () => {
    // said in a group the bot is not bound in (nothing to answer): journaled and marked all the same
    const turns = ['A', 'B', 'C'].map((x) => msg('roomUnbound', `p${x}`, '大家好'))
    for (const m of turns) await inbox.receive(m)
    commands.length = 0
    counting = true
    await journal.flush()
    counting = false
    expect(commands).toEqual(['update inbound_messages'])
    await allDone(turns.map((m) => m.id))
  })

  it('turns of three groups at once: no read, each answer saved once, the journal records shared, no done mark of their own', async () => {
    const turns = ['U2', 'U3', 'U4'].map((u) => msg(`room${u}`, `p${u}`, FUNDS))
    const list = await counted(() => Promise.all(turns.map((m) => inbox.receive(m))))
    expect(list.filter((k) => READS.has(k.split(' ')[0]))).toEqual([])
    // the three dialog saves: at most one command each (group-committed when they meet)
    expect(list.filter((k) => k === 'update dialogs').length).toBeLessThanOrEqual(3)
    const revs = await db
      .collection('dialogs')
      .find({ unitCode: { $in: ['U2', 'U3', 'U4'] }, status: 'active' })
      .map((d) => d.rev as number)
      .toArray()
    expect(revs).toEqual([1, 1, 1]) // each took its answer once
    // the three records are sent together with at most one flush ahead of them; no done mark of their own
    const records = list.filter((k) => k.endsWith(' inbound_messages'))
    expect(records.every((k) => k === 'insert inbound_messages')).toBe(true)
    expect(records.length).toBeLessThanOrEqual(2)
    await allDone(turns.map((t) => t.id))
  })

  it('the next answer in the same dialog is as cheap (the dialog written through, not re-read)', async () => {
    const list = await counted(() => inbox.receive(msg('roomU1', 'pU1', ON_TRACK)))
    expect(list.filter((k) => READS.has(k.split(' ')[0]))).toEqual([])
    expect(list).toEqual(['insert inbound_messages', 'insert outbox', 'update dialogs'])
  })

  it('the same turn in a process with nothing cached (a person answering after the caches lapsed): five reads, pinned', async () => {
    // what a turn costs at a person's pace: the binding (kept 10 s), the open dialog (60 s), the notice
    // keywords (10 s), the round (2 s) and the form's context (the unit with its projects in one
    // aggregate, 5 s) are read again. bench/NOTES.md ("Chat turns, round two") says what it would take
    // to cut this to one read.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BUREAU_BIND_CODE: 'BUREAU2027' })
    const cold = buildContainer(db, new OffsetClock('2027-07-05T02:00:00Z'), config, createLogger('silent'))
    const fresh = chatInbox(cold.chat.core, cold.chat.journal('turn-commands-cold'), { account: 'default', platform })
    const list = await counted(() => fresh.receive(msg('roomU2', 'pU2', ON_TRACK)))
    await cold.chat.flushJournals()
    expect(list.filter((k) => READS.has(k.split(' ')[0]))).toEqual([
      'aggregate units',
      'distinct notices',
      'find bindings',
      'find dialogs',
      'find rounds',
    ])
    expect(list.filter((k) => !READS.has(k.split(' ')[0]))).toEqual([
      'insert inbound_messages',
      'insert outbox',
      'update dialogs',
    ])
  })
})

/**
 * The commands of the two turns around a dialog: 填报 (the form opened: the task list's read of the round
 * unit is the one the dialog opens on) and 提交 (the submission's one write of the round unit, its
 * history row, the dialog's completing save and settle). Pinned like the mid-dialog turn above.
 */
describe('chat: the database commands of 填报 and 提交', () => {
  let db: Connection
  const commands: string[] = []
  let counting = false
  let seq = 0
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BUREAU_BIND_CODE: 'BUREAU2027' })
  const msg = (unit: string, text: string): InboundMessage => unitGroupMessage(`f${++seq}`, unit, text)
  /** every process made so far: their journals' waiting done marks are sent before a count starts */
  const made: InboundJournal[] = []
  /** a process of its own: its caches are empty */
  const process = () => {
    const c = buildContainer(db, new OffsetClock('2027-07-05T02:00:00Z'), config, createLogger('silent'))
    const journal = c.chat.journal(`filing-${++seq}`)
    made.push(journal)
    return { c, journal, inbox: chatInbox(c.chat.core, journal, { account: 'default', platform }) }
  }
  // a done mark waits up to a quarter second for others: one left by an earlier test's process (or an
  // earlier turn) would go out in the middle of a count on a slow machine
  const counted = async (run: () => Promise<unknown>): Promise<string[]> => {
    await Promise.all(made.map((j) => j.flush()))
    commands.length = 0
    counting = true
    await run()
    counting = false
    return [...commands].sort()
  }

  let roundId: string
  beforeAll(async () => {
    db = await openTestDb('turn_commands_filing', { monitorCommands: true })
    roundId = await seedBotWorld(db, ['U5', 'U6'])
    process() // every model compiled on this connection
    await Promise.all(Object.values(db.models).map((m) => m.init()))
    db.getClient().on(
      'commandStarted',
      (e: { commandName: string; databaseName: string; command: Record<string, unknown> }) => {
        if (counting && e.databaseName === db.name && !HOUSEKEEPING.has(e.commandName))
          commands.push(`${e.commandName} ${String(e.command[e.commandName])}`)
      },
    )
  })
  afterAll(() => closeTestDb(db))

  it('填报 in a process with nothing cached: the round unit read once, for the list and the dialog both', async () => {
    const bound = process()
    await bound.inbox.receive(msg('U5', '绑定 BINDU5'))
    await bound.c.chat.flushJournals()
    const { inbox } = process()
    const list = await counted(() => inbox.receive(msg('U5', '填报')))
    // the task list's read of the round unit is the one the dialog opens on (it was read twice)
    expect(list.filter((k) => k === 'find roundunits')).toEqual(['find roundunits'])
    // the unit and its projects for the form's context: one aggregate (it was two finds)
    expect(list.filter((k) => k.endsWith(' units') || k.endsWith(' projects'))).toEqual(['aggregate units'])
    // all of it: the binding (kept 10 s), the notice keywords (10 s), the open dialog (none: remembered
    // 60 s), the pending choice (none), the current rounds (5 s), the round unit, the form's context (5 s);
    // the journal record, the dialog, the reply (the done mark comes after)
    expect(list).toEqual([
      'aggregate units',
      'distinct notices',
      'find bindings',
      'find chatpendings',
      'find dialogs',
      'find rounds',
      'find roundunits',
      'insert dialogs',
      'insert inbound_messages',
      'insert outbox',
    ])
    expect(await db.collection('dialogs').countDocuments({ unitCode: 'U5', status: 'active' })).toBe(1)
  })

  it('提交 in an open dialog: the submission written once', async () => {
    const { c, inbox } = process()
    for (const text of ['绑定 BINDU6', '填报', FUNDS, ON_TRACK]) await inbox.receive(msg('U6', text))
    await c.repos.rounds.getRound(roundId) // kept 2 s: warm, as the turns before keep it
    const list = await counted(() => inbox.receive(msg('U6', '提交')))
    // no read: the submission service writes from the round unit the dialog opened on (the task list's
    // read at 填报, remembered in its KnownUnits); the head write's filter checks what it assumed
    expect(list.filter((k) => READS.has(k.split(' ')[0]))).toEqual([])
    // the dialog's completing save, the round unit's head with `complete` (one conditional write: its
    // filter asks that no other form is missing), the history row, the dialog settled, the receipt; the
    // journal record (its done mark comes after)
    expect(list).toEqual([
      'insert inbound_messages',
      'insert outbox',
      'update dialogs',
      'update dialogs',
      'update roundunits',
      'update submissions',
    ])
    expect(await db.collection('submissions').countDocuments({ unitCode: 'U6', status: 'submitted' })).toBe(1)
    expect(await db.collection('roundunits').findOne({ roundId, unitCode: 'U6' })).toMatchObject({
      submitted: ['project'],
      complete: true,
      completedAt: expect.any(Date),
    })
  })
})
