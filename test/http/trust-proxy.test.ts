import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { createApp } from '../../src/http/app.js'
import { apiRouter } from '../../src/http/routes/api-routes.js'
import { createLogger } from '../../src/logger.js'
import { BIND_ATTEMPTS } from '../../src/services/directory/bind-code-service.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'

/** Rate limits key on the client address; X-Forwarded-For counts only as far as TRUST_PROXY_HOPS says. */
describe('rate limits and X-Forwarded-For', () => {
  let f: ApiFixture
  let session: string
  beforeAll(async () => {
    f = await apiFixture('trust_proxy')
    session = (await request(f.app.callback()).post('/api/mp/login').send({ code: 'guesser' })).body.token as string
  })
  afterAll(async () => f.close())

  /** A fresh API (its own limiter) on the fixture's services; `forwarded(i)` is the i-th request's header. */
  async function guess(hops: number, forwarded: (i: number) => string): Promise<number[]> {
    const app = createApp({
      logger: createLogger('silent'),
      bodyLimit: '64kb',
      corsOrigins: [],
      trustProxyHops: hops,
      routers: [apiRouter(f.s).router],
    })
    const statuses: number[] = []
    for (let i = 0; i <= BIND_ATTEMPTS.max; i++) {
      const res = await request(app.callback())
        .post('/api/mp/bind')
        .set('Authorization', `Bearer ${session}`)
        .set('X-Forwarded-For', forwarded(i))
        .send({ bindCode: `WRONG${i}` })
      statuses.push(res.status)
    }
    return statuses
  }

  it('TRUST_PROXY_HOPS=0: a client varying X-Forwarded-For is still limited', async () => {
    const statuses = await guess(0, (i) => `198.51.100.${i}`)
    expect(statuses.slice(0, -1)).not.toContain(429)
    expect(statuses.at(-1)).toBe(429)
  })

  it('TRUST_PROXY_HOPS=1: the address our proxy saw is the client, and it is limited', async () => {
    // the proxy appends the peer it saw; what the client wrote before it is ignored
    expect(await guess(1, (i) => `10.9.9.${i}, 203.0.113.${i}`)).not.toContain(429)
    const same = await guess(1, (i) => `10.9.9.${i}, 203.0.113.77`)
    expect(same.at(-1)).toBe(429)
  })
})
