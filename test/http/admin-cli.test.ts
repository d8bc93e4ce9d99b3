import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { adminTokenModel } from '../../src/db/models/admin-token.js'
import { hashToken } from '../../src/services/access/token-service.js'
import { tokenCommand } from '../../scripts/admin/token.js'
import { bindCodeCommand } from '../../scripts/admin/bind-code.js'
import { jobsCommand } from '../../scripts/admin/jobs.js'
import { allJobs } from '../../jobs/all.js'
import { testDbUri } from '../support/db.js'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'

describe('admin CLI: token create/revoke and bind-code', () => {
  let f: ApiFixture
  let out: string[]
  const deps = () => ({
    tokens: f.s.tokens,
    audit: f.s.audit,
    bindCodes: f.s.bindCodes,
    print: (l: string) => void out.push(l),
  })
  beforeAll(async () => {
    f = await apiFixture('admin_cli')
  })
  afterAll(async () => f.close())

  it('creates a token shown once and stored only as a hash; the token works until revoked', async () => {
    out = []
    expect(await tokenCommand(['create', '--name', '李审核', '--role', 'dept_reviewer', '--unit', 'D1'], deps())).toBe(
      0,
    )
    const token = out[1]
    expect(token).toMatch(/^tb_[\w-]{40,}$/)
    const stored = await adminTokenModel(f.db).findOne({ name: '李审核' }).lean()
    expect(stored).toMatchObject({ role: 'dept_reviewer', unitCode: 'D1', hash: hashToken(token) })
    expect(JSON.stringify(stored)).not.toContain(token)
    const units = await request(f.app.callback()).get('/api/admin/units').set('Authorization', `Bearer ${token}`)
    expect(units.body.units.map((u: { code: string }) => u.code)).toEqual(['S1'])
    expect(await tokenCommand(['revoke', '--name', '李审核'], deps())).toBe(0)
    expect(
      (await request(f.app.callback()).get('/api/admin/units').set('Authorization', `Bearer ${token}`)).status,
    ).toBe(401)
  })

  it('refuses a bad role, and a department reviewer without a department', async () => {
    out = []
    expect(await tokenCommand(['create', '--name', 'x', '--role', 'root'], deps())).toBe(2)
    await expect(
      tokenCommand(['create', '--name', 'x', '--role', 'dept_reviewer', '--unit', 'S1'], deps()),
    ).rejects.toMatchObject({ status: 400 })
  })

  it('prints a unit bind code and rotates it', async () => {
    out = []
    expect(await bindCodeCommand(['S1'], deps())).toBe(0)
    const first = out[0].split(': ')[1]
    expect(await bindCodeCommand(['S1'], deps())).toBe(0)
    expect(out[2]).toBe(`S1: ${first}`)
    expect(await bindCodeCommand(['S1', '--rotate'], deps())).toBe(0)
    expect(out[4]).not.toBe(`S1: ${first}`)
    await expect(bindCodeCommand(['NOPE'], deps())).rejects.toMatchObject({ status: 404 })
  })

  it('jobs run <unknown>: one line naming every job, exit 2', async () => {
    const errors: string[] = []
    const code = await jobsCommand(['run', 'sweep-reminder'], {
      jobs: allJobs,
      container: () => f.c,
      print: () => undefined,
      printError: (l) => void errors.push(l),
    })
    expect(code).toBe(2)
    expect(errors).toEqual([`unknown job: sweep-reminder; jobs: ${allJobs.map((j) => j.name).join(', ')}`])
    expect(errors[0]).toContain('sweep-reminders, escalate-overdue, send-digests, park-idle-dialogs, notice-follow-ups')
  })

  it('npm run admin -- jobs run park-idle-dialogs runs the job now on the database; an unknown name exits non-zero', async () => {
    const run = promisify(execFile)
    const env = {
      ...process.env,
      MONGODB_URI: testDbUri(),
      MONGO_DB_NAME: f.db.name,
      LOG_LEVEL: 'silent',
      NODE_OPTIONS: '',
    }
    // a chat dialog idle for two days (the CLI runs on the real clock): the job parks it
    const idleSince = new Date(Date.now() - 48 * 3600_000)
    const { insertedId } = await f.db.collection('dialogs').insertOne({
      account: 'default',
      roundId: 'R-none',
      unitCode: 'S1',
      form: 'project',
      ownerId: 'o1',
      ownerName: '张丽',
      roomId: 'room1',
      roomTopic: '群',
      state: { answers: {} },
      status: 'active',
      lockKey: 'R-none:S1:project',
      lastActivityAt: idleSince,
      rev: 0,
    })
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/admin.ts', 'jobs', 'run', 'park-idle-dialogs'],
      { env, timeout: 60_000 },
    )
    expect(stdout).toMatch(/^park-idle-dialogs: done in \d+ ms$/m)
    expect(await f.db.collection('dialogs').findOne({ _id: insertedId })).toMatchObject({ status: 'parked' })

    const unknown = await run(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'jobs', 'run', 'nope'], {
      env,
      timeout: 60_000,
    }).catch((e: { code: number; stderr: string }) => e)
    expect(unknown).toMatchObject({ code: 2 })
    expect((unknown as { stderr: string }).stderr.trim().split('\n')).toEqual([
      `unknown job: nope; jobs: ${allJobs.map((j) => j.name).join(', ')}`,
    ])
  }, 90_000)
})
