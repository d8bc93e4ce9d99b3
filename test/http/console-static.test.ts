import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import request from 'supertest'
import type Koa from 'koa'
import { createApp } from '../../src/http/app.js'
import { createLogger } from '../../src/logger.js'
import { CONSOLE_CSP } from '../../src/http/middleware/console-static.js'

/** How the service serves the built console: SPA fallback, caching by kind of file, its own CSP. */
describe('the console at /console', () => {
  let dir: string
  let app: Koa
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tb-console-'))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>填报管理后台</title>')
    writeFileSync(join(dir, 'assets', 'index-Ab12Cd.js'), 'console.log(1)')
    app = createApp({ logger: createLogger('silent'), bodyLimit: '1kb', corsOrigins: [], routers: [], consoleDir: dir })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('answers the page for the app’s own paths, never cached, under the console’s CSP', async () => {
    for (const path of ['/console/', '/console/login?t=abc', '/console/rounds/0123456789abcdef01234567']) {
      const r = await request(app.callback()).get(path)
      expect([path, r.status, r.text]).toEqual([path, 200, '<!doctype html><title>填报管理后台</title>'])
      expect(r.headers['cache-control']).toBe('no-cache')
      expect(r.headers['content-security-policy']).toBe(CONSOLE_CSP)
    }
    const bare = await request(app.callback()).get('/console')
    expect([bare.status, bare.headers.location]).toEqual([302, '/console/'])
  })

  it('caches hashed assets for a year; a missing asset is a 404, not the page', async () => {
    const js = await request(app.callback()).get('/console/assets/index-Ab12Cd.js')
    expect(js.status).toBe(200)
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect((await request(app.callback()).get('/console/assets/index-Gone00.js')).status).toBe(404)
    expect((await request(app.callback()).get('/console/../package.json')).status).not.toBe(200)
  })

  it('says how to build it when it is not built', async () => {
    const bare = createApp({
      logger: createLogger('silent'),
      bodyLimit: '1kb',
      corsOrigins: [],
      routers: [],
      consoleDir: join(dir, 'missing'),
    })
    const r = await request(bare.callback()).get('/console/')
    expect(r.status).toBe(503)
    expect(r.text).toContain('npm run build:console')
  })
})
