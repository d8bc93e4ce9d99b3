import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import type { Connection } from 'mongoose'
import { openTestDb, closeTestDb, testDbUri } from '../support/db.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import { waitFor } from '../outbox/support/wait-for.js'

const started: ChildProcessWithoutNullStreams[] = []

/**
 * `npm run chat` (the real handlers on the mock puppet) as the bot process. Its stdin stays open until
 * the test ends it, so the process lives as long as the test needs it.
 */
function startChat(
  dbName: string,
  env: Record<string, string>,
): { child: ChildProcessWithoutNullStreams; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chat.ts', '--unit', 'U1', '--as', '张丽'], {
    env: {
      ...process.env,
      MONGODB_URI: `${testDbUri()}/${dbName}`,
      LOG_LEVEL: 'silent',
      NODE_OPTIONS: '',
      CHAT_JOURNAL_LEASE_MS: '100',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true, // its own process group: the SIGKILL reaches node under npx at once
  })
  child.stdout.resume()
  child.stderr.resume()
  started.push(child)
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) }
}

describe('a chat message whose process is killed right after journaling it', () => {
  let db: Connection
  beforeAll(async () => {
    db = await openTestDb('chat_crash')
    await seedBotWorld(db, ['U1'])
  })
  afterAll(async () => {
    // a failed run must not leave a bot process behind (the held one would wait for input forever)
    for (const child of started)
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL')
    await closeTestDb(db)
  })

  it('is handled exactly once by the restarted bot: one stored answer, one reply', async () => {
    const journal = db.collection('inbound_messages')
    const dialogs = db.collection('dialogs')
    // the first process opens the form, then receives the answer to its first question and is killed
    // after journaling it (CHAT_TEST_HOLD_MESSAGE=2 holds the second message it journals, unhandled)
    const first = startChat(db.name, { CHAT_TEST_HOLD_MESSAGE: '2' })
    first.child.stdin.write('填报\n20万 35万\n')
    await waitFor(
      async () => (await journal.countDocuments({ text: '20万 35万' })) === 1,
      'the answer to be journaled',
      60_000,
    )
    process.kill(-first.child.pid!, 'SIGKILL')
    await first.exited

    const entry = await journal.findOne({ text: '20万 35万' })
    expect(entry).toMatchObject({ state: 'handling', attempts: 1 })
    const id = String(entry?.messageId)
    const opened = await dialogs.findOne({ unitCode: 'U1', status: 'active' })
    expect(opened?.rev).toBe(0) // the answer is not in the dialog
    expect(await db.collection('outbox').countDocuments({ key: { $regex: `^reply:${id}:` } })).toBe(0)

    // the dead process's lease lapses; the restarted bot handles the message after its login
    await waitFor(() => Date.now() > (entry?.leaseUntil as Date).getTime(), 'the lease to lapse')
    const second = startChat(db.name, {})
    await waitFor(
      async () => (await journal.findOne({ messageId: id }))?.state === 'done',
      'the journaled answer to be handled',
      60_000,
    )
    second.child.stdin.end()
    expect(await second.exited).toBe(0)

    expect(await journal.findOne({ messageId: id })).toMatchObject({ state: 'done', attempts: 2 })
    const dialog = await dialogs.findOne({ _id: opened?._id })
    expect(dialog?.rev).toBe(1) // the answer went in once
    expect(dialog?.lastTurn).toMatchObject({ messageId: id })
    const replies = await db
      .collection('outbox')
      .find({ key: { $regex: `^reply:${id}:` } })
      .toArray()
    expect(replies.length).toBe((dialog?.lastTurn as { replies: string[] }).replies.length)
    expect(replies.length).toBeGreaterThan(0)
  }, 120_000)
})
