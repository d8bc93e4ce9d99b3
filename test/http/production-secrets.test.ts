import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { SignJWT } from 'jose'
import request from 'supertest'
import { ConfigError, DEV_JWT_SECRET, loadConfig } from '../../src/config.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { openRound } from './support/rounds.js'
import { testContainer } from '../support/container.js'

const STRONG = 'prod-secret-0123456789abcdef0123456789'

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message
  }
  throw new Error(`accepted ${JSON.stringify(env)}`)
}

/** The real entry point, as `npm start` runs it; a refused configuration exits before touching the database. */
function start(env: Record<string, string>): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_OPTIONS: '',
        ROLES: 'api',
        PORT: '0',
        HOST: '127.0.0.1',
        MONGODB_URI: 'mongodb://127.0.0.1:1/never',
        LOG_LEVEL: 'silent',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: npx, tsx and node are stopped together
    })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    // a service that started instead of refusing: stopped, and reported as such
    const timer = setTimeout(() => process.kill(-(child.pid ?? 0), 'SIGKILL'), 30_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, err })
    })
  })
}

describe('production refuses public or weak secrets', () => {
  it.each([
    ['unset', {} as { JWT_SECRET?: string }],
    ['the development value', { JWT_SECRET: DEV_JWT_SECRET }],
    ['too short', { JWT_SECRET: 'only-twenty-chars-xx' }],
  ])('JWT_SECRET %s: refused with one line naming it, never echoing it', (_name, env) => {
    const message = refusal({ NODE_ENV: 'production', ...env })
    expect(message).toMatch(/JWT_SECRET/)
    expect(message).toMatch(/at least 32 characters/)
    expect(message).not.toContain('\n')
    if (env.JWT_SECRET) expect(message).not.toContain(env.JWT_SECRET)
  })

  it('refuses a short bureau bind code in production, accepts strong values, and keeps the development default elsewhere', () => {
    expect(refusal({ NODE_ENV: 'production', JWT_SECRET: STRONG, BUREAU_BIND_CODE: 'B1' })).toMatch(
      /BUREAU_BIND_CODE.*at least 8/,
    )
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG, BUREAU_BIND_CODE: 'BUREAU-2027-x' }).auth.jwtSecret,
    ).toBe(STRONG)
    expect(loadConfig({ NODE_ENV: 'development' }).auth.jwtSecret).toBe(DEV_JWT_SECRET)
    expect(loadConfig({ NODE_ENV: 'test' }).auth.jwtSecret).toBe(DEV_JWT_SECRET)
  })

  it('the real entry point exits non-zero with one line naming JWT_SECRET', async () => {
    const { code, err } = await start({ NODE_ENV: 'production' })
    expect(code).toBe(1)
    expect(err.trim().split('\n')).toEqual([
      expect.stringMatching(/^tianbao: invalid configuration: JWT_SECRET is unset .*openssl rand/),
    ])
  }, 40_000)
})

describe('a session forged with the development secret', () => {
  let f: ApiFixture
  beforeAll(async () => {
    f = await apiFixture('prod_secret', { env: { NODE_ENV: 'production', JWT_SECRET: STRONG } })
    await openRound(f)
  })
  afterAll(async () => f.close())

  it('reads nothing from a production-configured API (401), while a real session of the same user does', async () => {
    const real = await f.unitUser('S1', 'victim-code')
    const openid = (JSON.parse(Buffer.from(real.split('.')[1], 'base64url').toString()) as { sub: string }).sub
    const now = Math.floor(f.c.clock.now().getTime() / 1000)
    const forged = await new SignJWT({ typ: 'mp' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(openid)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode(DEV_JWT_SECRET))
    // the forgery is real: a service on the development secret takes it for the user
    const dev = testContainer(f.db, f.c.clock.now(), { NODE_ENV: 'development' }).api
    expect(await dev.mpSessions.verify(forged)).toMatchObject({ openid, unitCode: 'S1' })
    expect((await request(f.app.callback()).get('/api/mp/tasks').set('Authorization', `Bearer ${real}`)).status).toBe(
      200,
    )
    const res = await request(f.app.callback()).get('/api/mp/tasks').set('Authorization', `Bearer ${forged}`)
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('unauthorized')
  })
})
