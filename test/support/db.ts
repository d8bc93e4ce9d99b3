import mongoose, { type Connection } from 'mongoose'
import { randomBytes } from 'node:crypto'

/**
 * A connection to a database of this test file's own, on the server started by the global setup.
 * Call in beforeAll; drop it in afterAll with `await db.dropDatabase(); await db.close()` or use closeTestDb.
 */
export async function openTestDb(label = 'test'): Promise<Connection> {
  const base = process.env.TIANBAO_TEST_MONGO_URI
  if (!base) throw new Error('TIANBAO_TEST_MONGO_URI is not set: run the tests through jest (global setup)')
  const name = `tb_${label.replace(/[^a-z0-9]/gi, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`
  const conn = mongoose.createConnection(base, { dbName: name, serverSelectionTimeoutMS: 10_000 })
  await conn.asPromise()
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
