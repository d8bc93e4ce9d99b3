import { Agenda } from 'agenda'
import { MongoBackend } from '@agendajs/mongo-backend'
import type { Container } from '../src/container.js'
import type { JobModule } from './job.js'
import { allJobs } from './all.js'

/**
 * Agenda on the existing mongoose connection. Build it only after mongoose has connected: Agenda's
 * constructor connects without a .catch, so an unreachable server would crash the process.
 */
export async function startAgenda(deps: Container, jobs: JobModule<never>[] = allJobs): Promise<Agenda> {
  const db = deps.conn.db
  if (!db) throw new Error('startAgenda needs a connected database')
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: db, collection: 'agendaJobs' }),
    processEvery: deps.config.agenda.processEvery,
    maxConcurrency: 4,
  })
  for (const job of jobs) {
    const run = job.handler(deps)
    agenda.define(
      job.name,
      async (j) => {
        const data = job.data.parse(j.attrs.data ?? {})
        await run(data)
      },
      { concurrency: 1, lockLifetime: job.lockLifetimeMs ?? 10 * 60_000 },
    )
  }
  await agenda.start()
  for (const job of jobs) if (job.every) await agenda.every(job.every, job.name, undefined, { skipImmediate: false })
  deps.logger.info({ jobs: jobs.map((j) => j.name) }, 'agenda started')
  return agenda
}
