import { startEmbeddedMongo } from '../../src/db/embedded.js'
import { startJavaServer } from '../../src/db/java-server.js'
import { freePort } from '../../src/db/free-port.js'
import { MongoClient } from 'mongodb'

/**
 * One database server for the whole test run: MONGODB_URI when set; else an embedded MongoDB
 * (mongodb-memory-server); where its binary cannot be had in time (no internet), the wire-compatible
 * Java server. Workers find it in TIANBAO_TEST_MONGO_URI; each test file uses its own database.
 */
export default async function globalSetup(): Promise<void> {
  const g = globalThis as { __tianbaoDbStop?: () => Promise<void> }
  if (process.env.MONGODB_URI) {
    process.env.TIANBAO_TEST_MONGO_URI = process.env.MONGODB_URI
    process.env.TIANBAO_TEST_DB_KIND = 'external'
    return probeExplain()
  }
  if (process.env.TIANBAO_TEST_DB !== 'java') {
    try {
      const m = await startEmbeddedMongo({ timeoutMs: Number(process.env.TIANBAO_TEST_MONGOMS_TIMEOUT_MS ?? 15_000) })
      process.env.TIANBAO_TEST_MONGO_URI = m.uri
      process.env.TIANBAO_TEST_DB_KIND = 'mongodb-memory-server'
      g.__tianbaoDbStop = m.stop
      return probeExplain()
    } catch (err) {
      console.log(
        `\n[test db] embedded MongoDB unavailable (${(err as Error).message.split('\n')[0]}); using mongo-java-server`,
      )
    }
  }
  const server = await startJavaServer(await freePort())
  process.env.TIANBAO_TEST_MONGO_URI = server.uri
  process.env.TIANBAO_TEST_DB_KIND = 'mongo-java-server'
  g.__tianbaoDbStop = server.stop
  await probeExplain()
}

/**
 * Whether the server answers `explain` (MongoDB does, mongo-java-server does not): tests that read query
 * plans run only where it does and are skipped visibly elsewhere (TIANBAO_TEST_DB_EXPLAIN=1|0).
 */
async function probeExplain(): Promise<void> {
  const client = await MongoClient.connect(process.env.TIANBAO_TEST_MONGO_URI!, { serverSelectionTimeoutMS: 10_000 })
  try {
    const plan = await client.db('tb_probe').collection('probe').find({ a: 1 }).explain('queryPlanner')
    process.env.TIANBAO_TEST_DB_EXPLAIN = plan?.queryPlanner ? '1' : '0'
  } catch {
    process.env.TIANBAO_TEST_DB_EXPLAIN = '0'
  } finally {
    await client.close()
  }
}
