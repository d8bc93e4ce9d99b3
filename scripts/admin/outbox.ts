import { parseArgs } from 'node:util'
import { withDatabase } from '../with-database.js'
import { systemClock } from '../../src/clock.js'
import { buildAdminServices } from '../../src/container.js'
import { formatOutboxListing } from '../../src/outbox/outbox-listing.js'
import type { OutboxState } from '../../src/outbox/message.js'

export const summary =
  'what is waiting and what failed: outbox [--state pending|sending|failed|dead|sent] [--limit 200]; send dead ones again: outbox revive <key>… | --all-dead'

const STATES: OutboxState[] = ['pending', 'sending', 'sent', 'failed', 'dead']

/**
 * `npm run admin -- outbox [--state dead]`: counts per channel and state, then the messages themselves.
 * `npm run admin -- outbox revive <key>… | --all-dead`: dead messages back into the queue.
 */
export async function run(args: string[]): Promise<number> {
  if (args[0] === 'revive') return revive(args.slice(1))
  const { values } = parseArgs({
    args,
    options: { state: { type: 'string', multiple: true }, limit: { type: 'string', default: '200' } },
  })
  const states = (values.state ?? []).flatMap((s) => s.split(','))
  const bad = states.filter((s) => !STATES.includes(s as OutboxState))
  if (bad.length) {
    console.error(`unknown state ${bad.join(', ')}; one of ${STATES.join(', ')}`)
    return 2
  }
  return withDatabase(async (conn) => {
    const repo = buildAdminServices(conn, systemClock).outbox
    const docs = await repo.list(states.length ? (states as OutboxState[]) : undefined, Number(values.limit))
    console.log(formatOutboxListing(await repo.counts(), docs, systemClock.now()))
    return 0
  })
}

async function revive(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'all-dead': { type: 'boolean', default: false } },
    allowPositionals: true,
  })
  if (positionals.length === 0 && !values['all-dead']) {
    console.error('name the dead messages by key (see `outbox --state dead`), or --all-dead')
    return 2
  }
  return withDatabase(async (conn) => {
    const n = await buildAdminServices(conn, systemClock).outbox.revive(values['all-dead'] ? undefined : positionals)
    console.log(
      `${n} dead message(s) queued again${positionals.length > n ? ` (${positionals.length - n} of the keys named were not dead)` : ''}`,
    )
    return 0
  })
}
