import { describe, expect, it } from '@jest/globals'
import { CHANNEL_LIMITS, perMinuteCap, type ChannelLimits } from '../../src/channels/limits.js'
import { loadConfig } from '../../src/config.js'

describe('CHANNEL_LIMITS', () => {
  const all = Object.entries(CHANNEL_LIMITS) as [keyof typeof CHANNEL_LIMITS, ChannelLimits][]

  it('gives every channel a usable length, positive caps and its mention kinds', () => {
    for (const [name, l] of all) {
      expect({ name, ok: l.length.max >= 4 && ['chars', 'utf8-bytes'].includes(l.length.unit) }).toEqual({
        name,
        ok: true,
      })
      for (const cap of l.caps) expect(cap.perMinute).toBeGreaterThan(0)
    }
  })

  it('holds the platform figures the outbox and the adapters rely on', () => {
    expect(CHANNEL_LIMITS.wecom).toMatchObject({
      caps: [{ perMinute: 20, per: 'robot' }],
      length: { max: 2048, unit: 'utf8-bytes' },
      files: false,
    })
    expect(CHANNEL_LIMITS['wecom-app'].caps).toEqual([{ perMinute: 30, per: 'member' }])
    expect(CHANNEL_LIMITS.dingtalk.caps).toEqual([{ perMinute: 20, per: 'group' }])
    expect(CHANNEL_LIMITS.wechat.mentions).toEqual(['name'])
    expect(perMinuteCap('wecom-bot')).toBeUndefined()
  })

  it('is where the WeChat and WeCom pacing defaults come from', () => {
    const { pacing } = loadConfig({})
    expect(pacing.wechatPerMinute).toBe(perMinuteCap('wechat'))
    expect(pacing.wecomPerMinute).toBe(perMinuteCap('wecom'))
  })
})
