import { describe, it, expect, afterEach } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import mongoose, { type Connection } from 'mongoose'
import { pino } from 'pino'
import request from 'supertest'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { buildContainer, type Container } from '../../src/container.js'
import { openDatabase, type Database } from '../../src/db/connect.js'
import { AppError } from '../../src/errors.js'
import { createApp } from '../../src/http/app.js'
import { healthRoutes } from '../../src/http/routes/health.js'
import { RoleStatus } from '../../src/role-status.js'
import type { NewSubmission } from '../../src/services/filing/filing-ports.js'
import { testDbUri } from '../support/db.js'

/**
 * A database that already holds duplicates (written while it ran without its unique index) cannot get
 * the index back. That must be loud — an error log and /readyz naming the duplicate documents and the
 * fix — and writes that rely on the index must be refused, not silently let through.
 */
describe('a unique index that cannot be built because of duplicates', () => {
  type Logged = { level: number; msg: string; collection?: string; duplicates?: unknown[]; fix?: string }
  interface Duplicates {
    raw: Connection
    db: Database
    c: Container
    logs: Logged[]
  }
  const opened: Duplicates[] = []
  const submission = (version: number): NewSubmission => ({
    roundId: 'R1',
    unitCode: 'U1',
    form: 'project',
    version,
    status: 'draft',
    answers: {},
    computed: {},
    by: 'test',
    channel: 'admin',
  })

  /**
   * What an outage left behind, in a database of this test's own: version 3 of U1's project table
   * written twice and no index; then the service opens it (its first index check has run and failed
   * once `connected` resolves). Nothing another test does (remove the duplicate, build the index) reaches it.
   */
  async function givenDuplicatesFromAnOutage(): Promise<Duplicates> {
    const name = `tb_dupes_${randomBytes(4).toString('hex')}`
    const raw = await mongoose.createConnection(testDbUri(), { dbName: name }).asPromise()
    await raw
      .db!.collection('submissions')
      .insertMany([1, 2, 3, 3].map((version) => ({ ...submission(version), createdAt: new Date() })))
    const uri = new URL(testDbUri())
    uri.pathname = `/${name}`
    const config = loadConfig({ NODE_ENV: 'test', MONGODB_URI: uri.toString(), DB_INDEX_CHECK_MS: '600000' })
    const logs: Logged[] = []
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as Logged) })
    const db = await openDatabase(config, logger)
    const c = buildContainer(db.conn, new ManualClock('2027-07-01T02:00:00Z'), config, logger)
    const given = { raw, db, c, logs }
    opened.push(given)
    await db.connected
    return given
  }

  afterEach(async () => {
    for (const { db, raw } of opened.splice(0)) {
      await db.close()
      await raw.dropDatabase()
      await raw.close()
    }
  })

  it('logs an error naming the duplicate keys and the fix, and /readyz is not ready', async () => {
    const { db, logs } = await givenDuplicatesFromAnOutage()
    const errors = logs.filter((l) => l.level >= 50)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({
      collection: 'submissions',
      duplicates: [{ key: { roundId: 'R1', unitCode: 'U1', form: 'project', version: 3 }, count: 2 }],
      msg: expect.stringContaining('unique index on submissions cannot be built'),
    })
    expect(errors[0].fix).toMatch(/keep one document per roundId \+ unitCode \+ form \+ version in submissions/)

    const app = createApp({
      logger: pino({ level: 'silent' }),
      bodyLimit: '1kb',
      corsOrigins: [],
      routers: [healthRoutes({ ping: db.ping, roles: new RoleStatus(), indexes: () => db.indexes.report() })],
    })
    const ready = await request(app.callback()).get('/readyz')
    expect(ready.status).toBe(503)
    expect(ready.body.indexes.problems[0]).toMatchObject({
      collection: 'submissions',
      duplicates: [{ key: { version: 3 }, count: 2 }],
    })
  })

  it('refuses a new version with 503 index_missing while the index is missing', async () => {
    const { raw, c } = await givenDuplicatesFromAnOutage()
    const refused = await c.repos.submissions.insert(submission(4)).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AppError)
    expect(refused).toMatchObject({ status: 503, code: 'index_missing', details: { collection: 'submissions' } })
    expect(await raw.db!.collection('submissions').countDocuments({ version: 4 })).toBe(0)
  })

  it('once the duplicate is removed, the next check builds the index and writes resume', async () => {
    const { raw, db, c } = await givenDuplicatesFromAnOutage()
    const [, extra] = await raw.db!.collection('submissions').find({ version: 3 }).toArray()
    await raw.db!.collection('submissions').deleteOne({ _id: extra._id })
    expect((await db.indexes.ensure()).ready).toBe(true)
    await expect(c.repos.submissions.insert(submission(4))).resolves.toMatchObject({ version: 4 })
  })
})
