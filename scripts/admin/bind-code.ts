import { withDatabase } from '../with-database.js'
import { systemClock } from '../../src/clock.js'
import { buildAdminServices, type AdminServices } from '../../src/container.js'

export const summary = "a unit's bind code: bind-code <unitCode> [--rotate] (rotating keeps existing bindings)"

export interface BindCodeDeps {
  bindCodes: AdminServices['bindCodes']
  audit: AdminServices['audit']
  print(line: string): void
}

/** `bind-code D012` prints the code (creating it on first use); `--rotate` replaces it. */
export async function bindCodeCommand(args: string[], d: BindCodeDeps): Promise<number> {
  const unitCode = args.find((a) => !a.startsWith('--'))
  const rotate = args.includes('--rotate')
  if (!unitCode) {
    d.print(`usage: npm run admin -- ${summary.split(': ')[1]}`)
    return 2
  }
  const code = rotate ? await d.bindCodes.rotate(unitCode) : await d.bindCodes.get(unitCode)
  if (rotate)
    await d.audit.record({
      actor: 'cli',
      role: 'operator',
      action: 'bind-code rotate',
      target: { unitCode },
      status: 0,
    })
  d.print(`${unitCode}: ${code}`)
  d.print(`群里发送“绑定 ${code}”，或在小程序中输入该绑定码`)
  return 0
}

export function run(args: string[]): Promise<number> {
  return withDatabase((conn) =>
    bindCodeCommand(args, { ...buildAdminServices(conn, systemClock), print: (l) => console.log(l) }),
  )
}
