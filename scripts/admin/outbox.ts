import { parseArgs } from 'node:util'
import { withDatabase } from '../with-database.js'
import { systemClock } from '../../src/clock.js'
import { OutboxRepository } from '../../src/outbox/outbox-repository.js'
import { formatOutboxListing } from '../../src/outbox/outbox-listing.js'
import type { OutboxState } from '../../src/outbox/message.js'

export const summary = 'what is waiting and what failed: outbox [--state pending|sending|failed|dead|sent] [--limit 200]'

const STATES: OutboxState[] = ['pending', 'sending', 'sent', 'failed', 'dead']

/** `npm run admin -- outbox [--state dead]`: counts per channel and state, then the messages themselves. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { state: { type: 'string', multiple: true }, limit: { type: 'string', default: '200' } } })
  const states = (values.state ?? []).flatMap((s) => s.split(','))
  const bad = states.filter((s) => !STATES.includes(s as OutboxState))
  if (bad.length) {
    console.error(`unknown state ${bad.join(', ')}; one of ${STATES.join(', ')}`)
    return 2
  }
  return withDatabase(async (conn) => {
    const repo = new OutboxRepository(conn, systemClock)
    const docs = await repo.list(states.length ? (states as OutboxState[]) : undefined, Number(values.limit))
    console.log(formatOutboxListing(await repo.counts(), docs, systemClock.now()))
    return 0
  })
}
