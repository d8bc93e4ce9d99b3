import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Connection } from 'mongoose'
import { staffCommand } from '../../scripts/admin/staff.js'
import { buildAdminServices } from '../../src/container.js'
import { ChatLookups } from '../../src/db/repositories/chat-lookups.js'
import { systemClock } from '../../src/clock.js'
import { closeTestDb, openTestDb } from '../support/db.js'

/** `npm run admin -- staff …`: who may sign in to the web console with 登录, as the chat core then finds them. */
describe('admin CLI: staff add / remove / list', () => {
  let db: Connection
  const out: string[] = []
  const deps = () => ({ ...buildAdminServices(db, systemClock), print: (l: string) => out.push(l) })
  beforeAll(async () => {
    db = await openTestDb('admin-staff')
  })
  afterAll(async () => closeTestDb(db))

  it('adds a staff member the bureau group’s 登录 finds by chat name, with their role; remove takes them off', async () => {
    const lookups = new ChatLookups(db)
    const add = ['add', '--name', '王芳', '--email', 'wf@czj.example.gov.cn', '--role', 'bureau_admin']
    expect(await staffCommand([...add, '--chat-name', '王芳-绩效股'], deps())).toBe(0)
    expect(await lookups.staffByChatName('王芳-绩效股')).toMatchObject({ name: '王芳', role: 'bureau_admin' })
    // added again without a chat name: the entry is updated, the old nickname no longer matches
    expect(await staffCommand(add, deps())).toBe(0)
    expect(await lookups.staffByChatName('王芳-绩效股')).toBeNull()
    expect(await lookups.staffByChatName('王芳')).toMatchObject({ role: 'bureau_admin' })
    out.length = 0
    expect(await staffCommand(['list'], deps())).toBe(0)
    expect(out).toEqual(['王芳\twf@czj.example.gov.cn\tbureau_admin\t'])
    expect(await staffCommand(['remove', '--name', '王芳'], deps())).toBe(0)
    expect(await lookups.staffByChatName('王芳')).toBeNull()
  })

  it('refuses a bad role and a department reviewer without a department', async () => {
    const base = ['add', '--name', 'x', '--email', 'x@czj.example.gov.cn']
    expect(await staffCommand([...base, '--role', 'root'], deps())).toBe(2)
    expect(await staffCommand([...base, '--role', 'dept_reviewer'], deps())).toBe(2)
    expect(await staffCommand(['add', '--name', 'x'], deps())).toBe(2)
  })
})
