import mongoose, { type Connection } from 'mongoose'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'
import { startEmbeddedMongo, EmbeddedMongoUnavailable } from './embedded.js'
import { allModels } from './all-models.js'
import { IndexKeeper } from './index-keeper.js'
import { guardWrites } from './index-guard.js'
import { attachDbTiming } from './command-timing.js'

export interface Database {
  conn: Connection
  /** resolves once the first connection succeeded and the indexes were checked (and built) */
  connected: Promise<void>
  /** keeps the indexes in place across reconnects; /readyz reports it */
  indexes: IndexKeeper
  isConnected(): boolean
  ping(): Promise<boolean>
  close(): Promise<void>
  /** where it connected: 'embedded' (mongodb-memory-server) or the URI without credentials */
  describe: string
}

export class StartupError extends Error {}

const NO_EMBEDDED = (reason: string) =>
  `MongoDB could not be started: the embedded MongoDB binary could not be downloaded (${reason}).\n` +
  '  Set MONGODB_URI to a MongoDB you run, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/tianbao npm start\n' +
  '  or, on a machine without internet, run `npm run db:offline` in another terminal (memory only, for trials) and then\n' +
  '  MONGODB_URI=mongodb://127.0.0.1:27017/tianbao npm start'

/** What a script says when the database is not there: one line and what to do. */
export function databaseUnreachable(where: string, reason: string): StartupError {
  return new StartupError(
    `cannot reach MongoDB at ${where.replace(/\/\/[^@/]*@/, '//***@')} (${reason.split('\n')[0]}).\n` +
      '  Is it running? Start one with `npm run db:offline` (memory only, for trials) or set MONGODB_URI to your MongoDB.',
  )
}

/**
 * Opens the database: MONGODB_URI when set (the service retries with backoff while it is unreachable —
 * the API serves /readyz 503 meanwhile; a script, `retry: false`, fails at once with a StartupError that
 * says what to do), otherwise an embedded MongoDB with a persistent data directory.
 * Models can be built on `conn` at once; mongoose buffers until connected.
 */
export async function openDatabase(config: Config, logger: Logger, o: { retry?: boolean } = {}): Promise<Database> {
  let uri = config.mongo.uri
  let stopEmbedded: (() => Promise<void>) | undefined
  let describe = uri ? uri.replace(/\/\/[^@/]*@/, '//***@') : ''
  if (!uri) {
    logger.info({ dataDir: config.mongo.dataDir }, 'MONGODB_URI is unset: starting an embedded MongoDB')
    try {
      const embedded = await startEmbeddedMongo({
        dbPath: config.mongo.dataDir,
        timeoutMs: config.mongo.downloadTimeoutMs,
      })
      uri = embedded.uri
      stopEmbedded = embedded.stop
      describe = `embedded MongoDB (${config.mongo.dataDir})`
    } catch (err) {
      const reason = err instanceof EmbeddedMongoUnavailable ? err.message : String(err)
      throw new StartupError(NO_EMBEDDED(reason))
    }
  }
  const conn = mongoose.createConnection()
  // the keeper builds the indexes (not mongoose's autoIndex, which builds them once and fails silently)
  const indexes = new IndexKeeper(conn, logger, config.mongo.indexCheckMs)
  guardWrites(conn, indexes)
  // every model registered now, so the first index check — which `connected` waits for — covers them all
  allModels(conn)
  indexes.start()
  let closing = false
  const target = uri
  const connected = (async () => {
    for (let attempt = 1; !closing; attempt++) {
      try {
        // a database named in the URI wins; MONGO_DB_NAME is for URIs without one
        const named = /^mongodb(\+srv)?:\/\/[^/]+\/[^?]+/.test(target)
        await conn.openUri(target, {
          ...(named ? {} : { dbName: config.mongo.dbName }),
          autoIndex: false,
          serverSelectionTimeoutMS: config.mongo.serverSelectionTimeoutMs,
          // a new connection to a server that stopped answering would otherwise wait the driver's 30 s
          connectTimeoutMS: config.mongo.serverSelectionTimeoutMs,
          socketTimeoutMS: config.mongo.socketTimeoutMs,
          // Server-Timing's db phase sums the driver's command events; off, the driver emits none
          monitorCommands: config.http.serverTiming,
        })
        if (config.http.serverTiming) attachDbTiming(conn.getClient())
        logger.info({ db: describe }, 'database connected')
        await indexes.ensure()
        return
      } catch (err) {
        if (o.retry === false) {
          await stopEmbedded?.()
          throw databaseUnreachable(describe, (err as Error).message)
        }
        const wait = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6))
        logger.warn(
          { db: describe, attempt, retryInMs: wait, err: (err as Error).message },
          'database unreachable, retrying',
        )
        await new Promise((r) => setTimeout(r, wait).unref())
      }
    }
  })()
  return {
    conn,
    connected,
    indexes,
    describe,
    isConnected: () => conn.readyState === 1,
    ping: async () => {
      if (conn.readyState !== 1 || !conn.db) return false
      try {
        await Promise.race([
          conn.db.admin().ping(),
          new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 2000).unref()),
        ])
        return true
      } catch {
        return false
      }
    },
    close: async () => {
      closing = true
      indexes.stop()
      await conn.close().catch(() => undefined)
      await stopEmbedded?.()
    },
  }
}
