import mongoose, { type Connection } from 'mongoose'
import { randomBytes } from 'node:crypto'
import { buildAllIndexes } from '../../src/db/all-models.js'

/**
 * A connection to a database of this test file's own, on the server started by the global setup, with
 * every application model's indexes built before the test's first write (a write racing a first index
 * build could stall mongo-java-server). A call that gets no answer fails after SOCKET_TIMEOUT_MS with
 * the driver's timeout error instead of stalling the run until jest's timeout.
 * Call in beforeAll; drop it in afterAll with `await db.dropDatabase(); await db.close()` or use closeTestDb.
 */
/** longer than any honest call on a loaded machine, shorter than jest's 30 s test timeout */
const SOCKET_TIMEOUT_MS = 20_000

/** `monitorCommands`: the client emits the driver's command events (tests that count database commands) */
export async function openTestDb(label = 'test', opts: { monitorCommands?: boolean } = {}): Promise<Connection> {
  const base = process.env.TIANBAO_TEST_MONGO_URI
  if (!base) throw new Error('TIANBAO_TEST_MONGO_URI is not set: run the tests through jest (global setup)')
  const name = `tb_${label.replace(/[^a-z0-9]/gi, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`
  const conn = mongoose.createConnection(base, {
    dbName: name,
    serverSelectionTimeoutMS: 10_000,
    socketTimeoutMS: SOCKET_TIMEOUT_MS,
    ...(opts.monitorCommands ? { monitorCommands: true } : {}),
  })
  await conn.asPromise()
  await buildAllIndexes(conn)
  return conn
}

export async function closeTestDb(conn: Connection): Promise<void> {
  await conn.dropDatabase().catch(() => undefined)
  await conn.close()
}

export function testDbUri(): string {
  const base = process.env.TIANBAO_TEST_MONGO_URI
  if (!base) throw new Error('TIANBAO_TEST_MONGO_URI is not set')
  return base
}
