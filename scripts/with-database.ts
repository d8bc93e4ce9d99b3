import type { Connection } from 'mongoose'
import { loadConfig } from '../src/config.js'
import { createLogger } from '../src/logger.js'
import { openDatabase } from '../src/db/connect.js'

/** For command-line scripts: opens the configured database, runs `fn`, and always closes it. */
export async function withDatabase<T>(fn: (conn: Connection, timezone: string) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env)
  const db = await openDatabase(config, createLogger('warn'))
  try {
    await db.connected
    return await fn(db.conn, config.timezone)
  } finally {
    await db.close()
  }
}
