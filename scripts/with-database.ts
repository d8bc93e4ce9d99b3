import type { Connection } from 'mongoose'
import { loadConfig, type Config } from '../src/config.js'
import { createLogger } from '../src/logger.js'
import { openDatabase } from '../src/db/connect.js'

/** For command-line scripts: opens the configured database, runs `fn`, and always closes it. */
export async function withDatabase<T>(fn: (conn: Connection, timezone: string, config: Readonly<Config>) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env)
  const db = await openDatabase(config, createLogger('warn'))
  try {
    await db.connected
    return await fn(db.conn, config.timezone, config)
  } finally {
    await db.close()
  }
}
