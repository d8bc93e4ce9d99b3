import { mkdirSync } from 'node:fs'

/**
 * An embedded MongoDB through mongodb-memory-server, used when MONGODB_URI is unset. The binary download
 * is bounded in time: on a machine without internet this fails fast with a clear message instead of hanging.
 */
export interface EmbeddedMongo {
  uri: string
  stop(): Promise<void>
}

export class EmbeddedMongoUnavailable extends Error {}

export async function startEmbeddedMongo(opts: { dbPath?: string; timeoutMs: number }): Promise<EmbeddedMongo> {
  const { MongoMemoryServer } = await import('mongodb-memory-server')
  if (opts.dbPath) mkdirSync(opts.dbPath, { recursive: true })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new EmbeddedMongoUnavailable(`no MongoDB binary within ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    )
  })
  // mongodb-memory-server prints its own multi-line stack on a failed download; we report one clear message instead
  const warn = console.warn
  console.warn = () => undefined
  try {
    const server = await Promise.race([
      MongoMemoryServer.create({
        instance: { dbPath: opts.dbPath, storageEngine: opts.dbPath ? 'wiredTiger' : undefined },
      }),
      timeout,
    ])
    return {
      uri: server.getUri(),
      stop: async () => void (await server.stop({ doCleanup: !opts.dbPath, force: false })),
    }
  } catch (err) {
    if (err instanceof EmbeddedMongoUnavailable) throw err
    throw new EmbeddedMongoUnavailable(
      String((err as Error).message)
        .replace(/\s+/g, ' ')
        .slice(0, 200),
    )
  } finally {
    console.warn = warn
    clearTimeout(timer)
  }
}
