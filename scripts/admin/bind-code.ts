import { withDatabase } from '../with-database.js'
import { systemClock } from '../../src/clock.js'
import { AuditService } from '../../src/services/audit-service.js'
import { BindCodeService } from '../../src/services/bind-code-service.js'
import { AuditRepository } from '../../src/db/repositories/audit-repository.js'
import { BindCodeRepository } from '../../src/db/repositories/bind-code-repository.js'
import { UnitRepository } from '../../src/db/repositories/unit-repository.js'

export const summary = "a unit's bind code: bind-code <unitCode> [--rotate] (rotating keeps existing bindings)"

export interface BindCodeDeps {
  bindCodes: BindCodeService
  audit: AuditService
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
  if (rotate) await d.audit.record({ actor: 'cli', role: 'operator', action: 'bind-code rotate', target: { unitCode }, status: 0 })
  d.print(`${unitCode}: ${code}`)
  d.print(`群里发送“绑定 ${code}”，或在小程序中输入该绑定码`)
  return 0
}

export function run(args: string[]): Promise<number> {
  return withDatabase((conn) => bindCodeCommand(args, { bindCodes: new BindCodeService(new BindCodeRepository(conn), new UnitRepository(conn), systemClock), audit: new AuditService(new AuditRepository(conn), systemClock), print: (l) => console.log(l) }))
}
