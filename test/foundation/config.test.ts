import { describe, it, expect } from '@jest/globals'
import { loadConfig, ConfigError } from '../../src/config.js'

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    const c = loadConfig({})
    expect(c.roles).toEqual(['api', 'bot', 'worker'])
    expect(c.http.port).toBe(3000)
    expect(c.mongo.uri).toBeUndefined()
    expect(c.mongo.dataDir).toBe('./var/mongo')
    expect(c.pacing.wechatPerMinute).toBe(40)
    expect(c.timezone).toBe('Asia/Shanghai')
  })

  it('parses good values', () => {
    const c = loadConfig({
      ROLES: 'api, worker',
      PORT: '8080',
      MONGODB_URI: 'mongodb://db:27017/tb',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      WECHAT_MAX_PER_MINUTE: '20',
    })
    expect(c.roles).toEqual(['api', 'worker'])
    expect(c.http.port).toBe(8080)
    expect(c.mongo.uri).toBe('mongodb://db:27017/tb')
    expect(c.http.corsOrigins).toEqual(['https://a.example', 'https://b.example'])
    expect(c.pacing.wechatPerMinute).toBe(20)
  })

  it('treats empty strings as unset', () => {
    expect(loadConfig({ MONGODB_URI: '', PORT: '' }).http.port).toBe(3000)
  })

  it('returns a frozen object', () => {
    const c = loadConfig({})
    expect(Object.isFrozen(c)).toBe(true)
    expect(Object.isFrozen(c.http)).toBe(true)
  })

  it.each([
    ['PORT', 'eighty', /PORT="eighty"/],
    ['ROLES', 'api,chef', /ROLES="api,chef"/],
    ['MONGODB_URI', 'postgres://x', /MONGODB_URI=.*mongodb:\/\//],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud"/],
    ['JWT_SECRET', 'short', /JWT_SECRET.*16 characters/],
  ])('refuses %s=%s with one line naming it', (name, value, pattern) => {
    let err: unknown
    try {
      loadConfig({ [name]: value })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    const message = (err as Error).message
    expect(message).toMatch(pattern)
    expect(message).not.toContain('\n')
  })
})
