/**
 * `npm run admin -- <command> [args]`: operator commands. Each command is one module under
 * scripts/admin/<name>.ts exporting `summary` (one line for the help) and `run(args)`; add a command by
 * adding a line to the map below. Modules load lazily, so one command's imports do not slow the others.
 *
 *   npm run admin -- outbox --state dead
 *   npm run admin -- jobs run sweep-reminders
 */
import { runScript } from './run-script.js'

export interface AdminCommand {
  summary: string
  run(args: string[]): Promise<number | void>
}

const commands: Record<string, () => Promise<AdminCommand>> = {
  outbox: () => import('./admin/outbox.js'),
  token: () => import('./admin/token.js'),
  staff: () => import('./admin/staff.js'),
  'bind-code': () => import('./admin/bind-code.js'),
  jobs: () => import('./admin/jobs.js'),
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  const load = name ? commands[name] : undefined
  if (!load) {
    if (name && name !== 'help' && name !== '--help') console.error(`unknown command: ${name}\n`)
    console.log('usage: npm run admin -- <command> [args]\n\ncommands:')
    for (const [n, l] of Object.entries(commands)) console.log(`  ${n.padEnd(14)} ${(await l()).summary}`)
    return name && name !== 'help' && name !== '--help' ? 2 : 0
  }
  return (await (await load()).run(args)) ?? 0
}

runScript('admin', () => main(process.argv.slice(2)))
