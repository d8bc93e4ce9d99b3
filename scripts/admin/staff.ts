import { parseArgs } from 'node:util'
import { withDatabase } from '../with-database.js'
import { systemClock } from '../../src/clock.js'
import { ADMIN_ROLES, type AdminRole } from '../../src/domain/admin-token.js'
import { buildAdminServices, type AdminServices } from '../../src/container.js'

export const summary =
  'bureau staff (console sign-in by 登录): staff add --name <n> --email <e> [--role <bureau_admin|bureau_viewer|dept_reviewer>] [--unit <dept>] [--chat-name <group nickname>] | staff remove --name <n> | staff list'

export interface StaffDeps {
  staff: AdminServices['staff']
  audit: AdminServices['audit']
  print(line: string): void
}

/**
 * The command itself, separate from the database set-up so tests call it directly.
 *   staff add --name 王芳 --email wangfang@czj.example.gov.cn --role bureau_admin --chat-name 王芳-绩效股
 *   staff remove --name 王芳
 */
export async function staffCommand(args: string[], d: StaffDeps): Promise<number> {
  const [action, ...rest] = args
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string' },
      'chat-name': { type: 'string' },
    },
  })
  if (action === 'list') {
    for (const s of await d.staff.list())
      d.print(
        `${s.name}\t${s.email}\t${s.role ?? 'bureau_viewer'}${s.unitCode ? ` ${s.unitCode}` : ''}\t${s.chatName ?? ''}`,
      )
    return 0
  }
  if (action === 'remove' && values.name) {
    const n = await d.staff.deactivate(values.name)
    await d.audit.record({
      actor: 'cli',
      role: 'operator',
      action: 'staff remove',
      target: { name: values.name },
      status: 0,
    })
    d.print(`deactivated ${n} staff entr${n === 1 ? 'y' : 'ies'} named ${values.name}`)
    return n > 0 ? 0 : 1
  }
  if (action !== 'add' || !values.name || !values.email) {
    d.print(`usage: npm run admin -- ${summary.split(': ')[1]}`)
    return 2
  }
  const role = (values.role ?? 'bureau_viewer') as AdminRole
  if (!ADMIN_ROLES.includes(role)) {
    d.print(`--role must be one of ${ADMIN_ROLES.join(', ')}`)
    return 2
  }
  if (role === 'dept_reviewer' && !values.unit) {
    d.print('a dept_reviewer needs --unit <主管部门代码>')
    return 2
  }
  await d.staff.upsert({
    name: values.name,
    email: values.email,
    role,
    unitCode: role === 'dept_reviewer' ? values.unit : undefined,
    chatName: values['chat-name'],
  })
  await d.audit.record({
    actor: 'cli',
    role: 'operator',
    action: 'staff add',
    target: { name: values.name, role, ...(values.unit ? { unit: values.unit } : {}) },
    status: 0,
  })
  d.print(`${values.name} (${role}) may now say 登录 in the bureau group to sign in to the web console`)
  return 0
}

export function run(args: string[]): Promise<number> {
  return withDatabase((conn) =>
    staffCommand(args, { ...buildAdminServices(conn, systemClock), print: (l) => console.log(l) }),
  )
}
