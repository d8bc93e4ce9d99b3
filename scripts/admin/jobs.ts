import { withDatabase } from '../with-database.js'
import { systemClock } from '../../src/clock.js'
import { buildContainer, type Container } from '../../src/container.js'
import { createLogger } from '../../src/logger.js'
import type { JobModule } from '../../jobs/job.js'
import { allJobs } from '../../jobs/all.js'

export const summary = `run one recurring job now: jobs run <name> (${allJobs.map((j) => j.name).join(', ')})`

export interface JobsDeps {
  jobs: JobModule<never>[]
  /** the container the job runs on; built only once the name is known to be good */
  container(): Promise<Container> | Container
  print(line: string): void
  printError(line: string): void
}

/**
 * `npm run admin -- jobs run sweep-reminders`: the job's handler on this process's container, the same
 * code path the worker's schedule takes (jobs/index.ts: data parsed by the job's schema, then the
 * handler), e.g. to send reminders right after fixing a round instead of waiting for the next sweep.
 */
export async function jobsCommand(args: string[], d: JobsDeps): Promise<number> {
  const [verb, name] = args
  const names = d.jobs.map((j) => j.name).join(', ')
  const job = verb === 'run' ? d.jobs.find((j) => j.name === name) : undefined
  if (!job) {
    d.printError(
      verb === 'run'
        ? `unknown job: ${name ?? '(none)'}; jobs: ${names}`
        : `usage: npm run admin -- jobs run <name>; jobs: ${names}`,
    )
    return 2
  }
  const started = performance.now()
  await job.handler(await d.container())(job.data.parse({}))
  d.print(`${job.name}: done in ${Math.round(performance.now() - started)} ms`)
  return 0
}

export function run(args: string[]): Promise<number> {
  const deps = { jobs: allJobs, print: (l: string) => console.log(l), printError: (l: string) => console.error(l) }
  // a bad name is answered without opening the database
  if (args[0] !== 'run' || !allJobs.some((j) => j.name === args[1]))
    return jobsCommand(args, { ...deps, container: () => Promise.reject(new Error('unreachable')) })
  return withDatabase((conn, _tz, config) =>
    jobsCommand(args, {
      ...deps,
      container: () => buildContainer(conn, systemClock, config, createLogger(config.logLevel)),
    }),
  )
}
