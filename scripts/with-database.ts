import type { Connection } from 'mongoose'
import { loadConfig, type Config } from '../src/config.js'
import { createLogger } from '../src/logger.js'
import { openDatabase } from '../src/db/connect.js'

/**
 * For command-line scripts: opens the configured database, runs `fn`, and always closes it. An
 * unreachable database fails within DB_SERVER_SELECTION_TIMEOUT_MS with a StartupError (one line and
 * what to do, printed by runScript) instead of retrying as the service does.
 */
export async function withDatabase<T>(
  fn: (conn: Connection, timezone: string, config: Readonly<Config>) => Promise<T>,
): Promise<T> {
  const config = loadConfig(process.env)
  const db = await openDatabase(config, createLogger('warn'), { retry: false })
  try {
    await db.connected
    return await fn(db.conn, config.timezone, config)
  } finally {
    await db.close()
  }
}
