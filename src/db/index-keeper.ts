import type { Collection, Document } from 'mongodb'
import type { Connection, Schema } from 'mongoose'
import type { Logger } from '../logger.js'
import { isDuplicateKey } from './duplicate-key.js'
import { duplicateGroups, type DuplicateGroup } from './duplicate-groups.js'

/** A unique index that could not be built, with the documents in its way and what to do about them. */
export interface IndexProblem {
  collection: string
  index: Record<string, unknown>
  error: string
  duplicates: DuplicateGroup[]
  fix: string
}

export interface IndexReport {
  ready: boolean
  /** models whose unique indexes are not (yet) verified */
  notReady: string[]
  problems: IndexProblem[]
}

type IndexSpec = [Record<string, unknown>, Record<string, unknown>]

/** What the keeper needs of a mongoose model (any model of the connection). */
export interface KeptModel {
  modelName: string
  schema: Schema
  collection: { name: string }
}

/**
 * Keeps every model's indexes in place for the life of the process, not only at start-up: a database
 * that comes back empty after an outage (a restarted in-memory server, a restored volume) has none, and
 * without its unique indexes the outbox sends twice and submissions get duplicate version numbers.
 * It checks (listIndexes, cheap) and re-creates what is missing on every (re)connect, when the server's
 * process changed, and every DB_INDEX_CHECK_MS. Per model it keeps whether its unique indexes are
 * verified; writes that rely on them wait for that or are refused (index-guard.ts). An index that cannot
 * be built is an error log and /readyz not ready, naming the duplicate documents in its way.
 */
export class IndexKeeper {
  private readonly ready = new Set<string>()
  private readonly problems = new Map<string, IndexProblem[]>()
  private readonly inflight = new Map<string, Promise<void>>()
  private timer?: NodeJS.Timeout
  private serverProcess?: string

  constructor(
    private readonly conn: Connection,
    private readonly logger: Logger,
    private readonly checkEveryMs: number,
  ) {}

  start(): void {
    const recheck = () => {
      this.ready.clear()
      void this.ensure()
    }
    this.conn.on('connected', recheck)
    this.conn.on('reconnected', recheck)
    this.conn.on('disconnected', () => this.ready.clear())
    // a MongoDB restarted between two heartbeats answers with a new process id, without any disconnect
    this.conn.once('connected', () => {
      this.conn.getClient().on('serverHeartbeatSucceeded', (ev) => {
        const id = (ev.reply as { topologyVersion?: { processId?: unknown } }).topologyVersion?.processId
        if (id === undefined) return
        if (this.serverProcess !== undefined && String(id) !== this.serverProcess) recheck()
        this.serverProcess = String(id)
      })
    })
    this.timer = setInterval(() => void this.ensure(), this.checkEveryMs)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
  }

  isReady(modelName: string): boolean {
    return this.ready.has(modelName)
  }

  report(): IndexReport {
    const notReady = Object.values(this.conn.models)
      .filter((m) => uniqueIndexes(m).length > 0 && !this.ready.has(m.modelName))
      .map((m) => m.modelName)
    const problems = [...this.problems.values()].flat()
    return { ready: notReady.length === 0 && problems.length === 0, notReady, problems }
  }

  /** Checks every model now; never throws (an unreachable database is retried at the next check). */
  async ensure(): Promise<IndexReport> {
    await Promise.all(Object.values(this.conn.models).map((m) => this.ensureModel(m).catch(() => undefined)))
    return this.report()
  }

  /** One check of one model at a time; concurrent callers share it. Throws when the database is unreachable. */
  ensureModel(model: KeptModel): Promise<void> {
    const running = this.inflight.get(model.modelName)
    if (running) return running
    const p = this.check(model).finally(() => this.inflight.delete(model.modelName))
    this.inflight.set(model.modelName, p)
    return p
  }

  private async check(model: KeptModel): Promise<void> {
    const collection = driverCollection(this.conn, model)
    // an absent collection has no indexes (MongoDB answers NamespaceNotFound, mongo-java-server [])
    const listed = await collection
      .listIndexes()
      .toArray()
      .catch((err: { code?: number }) => {
        if (err.code === 26) return []
        throw err
      })
    const existing = new Set(listed.map((i) => JSON.stringify(i.key)))
    const missing = (model.schema.indexes() as IndexSpec[]).filter(([keys]) => !existing.has(JSON.stringify(keys)))
    if (missing.length === 0) {
      this.ready.add(model.modelName)
      this.problems.delete(model.modelName)
      return
    }
    this.ready.delete(model.modelName)
    this.logger.warn(
      { collection: collection.collectionName, missing: missing.map(([k]) => k) },
      'indexes missing: creating them',
    )
    const problems: IndexProblem[] = []
    for (const [keys, options] of missing) {
      try {
        await collection.createIndex(keys as Record<string, 1 | -1>, options)
      } catch (err) {
        if (!isDuplicateKey(err) && !/duplicate key/i.test(String((err as Error).message))) throw err
        problems.push(await this.problem(collection, keys, options, err as Error))
      }
    }
    if (problems.length === 0) {
      this.ready.add(model.modelName)
      this.problems.delete(model.modelName)
      this.logger.info({ collection: collection.collectionName }, 'indexes re-created')
      return
    }
    this.problems.set(model.modelName, problems)
    for (const p of problems)
      this.logger.error(p, `unique index on ${p.collection} cannot be built: duplicate documents; ${p.fix}`)
  }

  private async problem(
    collection: Collection,
    keys: Record<string, unknown>,
    options: Record<string, unknown>,
    err: Error,
  ): Promise<IndexProblem> {
    const fields = Object.keys(keys)
    const partial = options.partialFilterExpression as Document | undefined
    const duplicates = await duplicateGroups(collection, fields, partial).catch(() => [])
    const name = collection.collectionName
    return {
      collection: name,
      index: keys,
      error: err.message,
      duplicates,
      fix:
        `keep one document per ${fields.join(' + ')} in ${name} (db.${name}.find(<key>) for each key listed, delete or renumber the extra ones); ` +
        'the index is then built at the next check (DB_INDEX_CHECK_MS) and writes to it resume',
    }
  }
}

function driverCollection(conn: Connection, model: KeptModel): Collection {
  if (!conn.db) throw Object.assign(new Error('not connected to the database'), { name: 'MongoNotConnectedError' })
  return conn.db.collection(model.collection.name)
}

/** The model's unique indexes (besides _id), e.g. outbox `[{ key: 1 }, { unique: true }]`. */
export function uniqueIndexes(model: KeptModel): IndexSpec[] {
  return (model.schema.indexes() as IndexSpec[]).filter(([, o]) => o.unique === true)
}
