import type { PacingPolicy } from '../../outbox/pacing-policy.js'

/**
 * One DingTalk enterprise-internal robot (an app with the robot capability, Stream mode). The base URLs
 * are settings so tests point them at fixtures/fake-dingtalk.ts; in production they are DingTalk's.
 */
export interface DingTalkSettings {
  /** the app's AppKey (Stream clientId, OpenAPI appKey) */
  clientId: string
  /** the app's AppSecret */
  clientSecret: string
  /** the robot's code (usually the AppKey); sends name it, and it names the bot account */
  robotCode: string
  /** OpenAPI base, e.g. https://api.dingtalk.com */
  apiBase: string
  /** the old-style API host for media/upload (files the robot sends); default https://oapi.dingtalk.com */
  oapiBase?: string
  /** Stream gateway, e.g. https://api.dingtalk.com/v1.0/gateway/connections/open */
  gatewayUrl: string
  /** pause before a reconnect after the Stream connection dropped (the SDK's default is 1 s) */
  reconnectMs?: number
  /** how fast this robot sends; default 20 a minute per robot (DingTalk throttles robots above that) */
  pacing?: PacingPolicy
}

export const DINGTALK_API_BASE = 'https://api.dingtalk.com'
export const DINGTALK_OAPI_BASE = 'https://oapi.dingtalk.com'
export const DINGTALK_GATEWAY_URL = `${DINGTALK_API_BASE}/v1.0/gateway/connections/open`

/** The bot account a robot's messages are journaled and queued under: `dingtalk:<robotCode>`. */
export function dingtalkAccount(s: Pick<DingTalkSettings, 'robotCode'>): string {
  return `dingtalk:${s.robotCode}`
}

export function dingtalkPacing(s: Pick<DingTalkSettings, 'pacing'>): PacingPolicy {
  return s.pacing ?? { perWindow: 20, windowMs: 60_000, minGapMs: 0, switchMs: 0 }
}
