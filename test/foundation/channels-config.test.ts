import { describe, expect, it } from '@jest/globals'
import { ConfigError, loadConfig } from '../../src/config.js'
import { CHANNEL_LIMITS } from '../../src/channels/limits.js'

const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' // 43 characters
const DINGTALK = {
  DINGTALK_CLIENT_ID: 'ding-id',
  DINGTALK_CLIENT_SECRET: 'ding-secret',
  DINGTALK_ROBOT_CODE: 'ding-id',
}
const WECOM = { WECOM_BOT_TOKEN: 'tok', WECOM_BOT_AES_KEY: AES }

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message
  }
  throw new Error(`accepted ${JSON.stringify(env)}`)
}

describe('CHANNELS and the channels’ credentials', () => {
  it('defaults to wechat only, with no DingTalk or WeCom robot configured', () => {
    const c = loadConfig({})
    expect(c.channels).toEqual(['wechat'])
    expect(c.dingtalk).toBeUndefined()
    expect(c.wecom.bot).toBeUndefined()
    expect(c.wecom.app).toBeUndefined()
  })

  it('reads any subset with its credentials and the default base URLs', () => {
    const c = loadConfig({ CHANNELS: 'dingtalk, wecom,dingtalk', ...DINGTALK, ...WECOM })
    expect(c.channels).toEqual(['dingtalk', 'wecom'])
    expect(c.dingtalk).toEqual({
      clientId: 'ding-id',
      clientSecret: 'ding-secret',
      robotCode: 'ding-id',
      apiBase: 'https://api.dingtalk.com',
      gatewayUrl: 'https://api.dingtalk.com/v1.0/gateway/connections/open',
      oapiBase: 'https://oapi.dingtalk.com',
    })
    expect(c.wecom).toEqual({
      webhookBase: 'https://qyapi.weixin.qq.com',
      apiBase: 'https://qyapi.weixin.qq.com',
      bot: { token: 'tok', aesKey: AES },
      app: undefined,
    })
    const app = loadConfig({
      CHANNELS: 'wecom',
      ...WECOM,
      WECOM_CORP_ID: 'ww1',
      WECOM_APP_AGENT_ID: '1000002',
      WECOM_APP_SECRET: 's',
      WECOM_API_BASE: 'http://127.0.0.1:9999',
    }).wecom
    expect(app.app).toEqual({ corpId: 'ww1', agentId: 1000002, secret: 's' })
    expect(app.apiBase).toBe('http://127.0.0.1:9999')
  })

  it.each([
    [
      { CHANNELS: 'dingtalk' },
      /CHANNELS has dingtalk but DINGTALK_CLIENT_ID, DINGTALK_CLIENT_SECRET, DINGTALK_ROBOT_CODE are unset/,
    ],
    [
      { CHANNELS: 'dingtalk', ...DINGTALK, DINGTALK_ROBOT_CODE: '' },
      /CHANNELS has dingtalk but DINGTALK_ROBOT_CODE is unset/,
    ],
    [{ CHANNELS: 'wechat,wecom', WECOM_BOT_TOKEN: 'tok' }, /CHANNELS has wecom but WECOM_BOT_AES_KEY is unset/],
    [
      { CHANNELS: 'wecom', ...WECOM, WECOM_APP_SECRET: 's' },
      /CHANNELS has wecom but WECOM_CORP_ID, WECOM_APP_AGENT_ID are unset/,
    ],
    [{ CHANNELS: 'wechat,feishu' }, /CHANNELS="wechat,feishu"/],
    [{ CHANNELS: ' , ' }, /CHANNELS/],
    [
      { CHANNELS: 'wecom', WECOM_BOT_TOKEN: 'tok', WECOM_BOT_AES_KEY: 'short-key' },
      /WECOM_BOT_AES_KEY=\(hidden\).*43-character/,
    ],
  ])('refuses %j with one line naming what is missing or wrong', (env, pattern) => {
    const message = refusal(env)
    expect(message).toMatch(pattern)
    expect(message).not.toContain('\n')
    expect(message).not.toContain('ding-secret')
  })

  it('paces WeChat and WeCom robots by the caps in src/channels/limits.ts unless told to go slower', () => {
    const c = loadConfig({})
    expect(c.pacing.wechatPerMinute).toBe(CHANNEL_LIMITS.wechat.caps[0].perMinute)
    expect(c.pacing.wecomPerMinute).toBe(CHANNEL_LIMITS.wecom.caps[0].perMinute)
    expect(loadConfig({ WECOM_MAX_PER_MINUTE: '10' }).pacing.wecomPerMinute).toBe(10)
  })
})
