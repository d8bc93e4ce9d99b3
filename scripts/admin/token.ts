import { parseArgs } from 'node:util'
import { withDatabase } from '../with-database.js'
import { systemClock } from '../../src/clock.js'
import { ADMIN_ROLES, type AdminRole } from '../../src/db/models/admin-token.js'
import { buildAdminServices, type AdminServices } from '../../src/container.js'

export const summary =
  'admin API tokens: token create --name <name> --role <bureau_admin|bureau_viewer|dept_reviewer> [--unit <dept code>] | token revoke --name <name>'

export interface TokenDeps {
  tokens: AdminServices['tokens']
  audit: AdminServices['audit']
  print(line: string): void
}

/**
 * The command itself, separate from the database set-up so tests call it directly.
 *   token create --name 张三 --role dept_reviewer --unit D012   → prints the token once
 *   token revoke --name 张三
 */
export async function tokenCommand(args: string[], d: TokenDeps): Promise<number> {
  const [action, ...rest] = args
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' } },
  })
  if (!values.name || (action !== 'create' && action !== 'revoke')) {
    d.print(`usage: npm run admin -- ${summary.split(': ')[1]}`)
    return 2
  }
  if (action === 'revoke') {
    const n = await d.tokens.revoke(values.name)
    await d.audit.record({
      actor: 'cli',
      role: 'operator',
      action: 'token revoke',
      target: { name: values.name },
      status: 0,
    })
    d.print(`revoked ${n} token(s) named ${values.name}`)
    return n > 0 ? 0 : 1
  }
  if (!ADMIN_ROLES.includes(values.role as AdminRole)) {
    d.print(`--role must be one of ${ADMIN_ROLES.join(', ')}`)
    return 2
  }
  const t = await d.tokens.create({ name: values.name, role: values.role as AdminRole, unitCode: values.unit })
  await d.audit.record({
    actor: 'cli',
    role: 'operator',
    action: 'token create',
    target: { name: t.name, role: t.role, ...(t.unitCode ? { unit: t.unitCode } : {}) },
    status: 0,
  })
  d.print(`token for ${t.name} (${t.role}${t.unitCode ? `, ${t.unitCode}` : ''}) — shown once, store it now:`)
  d.print(t.token)
  return 0
}

export function run(args: string[]): Promise<number> {
  return withDatabase((conn) =>
    tokenCommand(args, { ...buildAdminServices(conn, systemClock), print: (l) => console.log(l) }),
  )
}
