import { z } from 'zod'
import { AppError } from '../../errors.js'

const answer = z.object({
  openid: z.string().min(1).optional(),
  unionid: z.string().optional(),
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
})

export interface WechatSession {
  openid: string
  unionid?: string
}

export interface WechatApiConfig {
  apiBase: string
  appId: string
  secret: string
}

/**
 * WeChat's code-to-session call (GET /sns/jscode2session). Its errors become clear API errors:
 * 40029/40163 (invalid or used code) → 400, 45011 (too frequent) → 429, 40226 (blocked user) → 403,
 * anything else, a timeout or a non-JSON answer → 502. The session_key is not kept: nothing here
 * decrypts user data.
 */
export async function code2session(cfg: WechatApiConfig, code: string, timeoutMs = 5000): Promise<WechatSession> {
  const url = new URL('/sns/jscode2session', cfg.apiBase)
  url.search = new URLSearchParams({
    appid: cfg.appId,
    secret: cfg.secret,
    js_code: code,
    grant_type: 'authorization_code',
  }).toString()
  let body: unknown
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    body = await res.json()
  } catch {
    throw new AppError(502, 'wechat_unavailable', '微信登录服务暂时不可用，请稍后重试', undefined, true)
  }
  const parsed = answer.safeParse(body)
  if (!parsed.success)
    throw new AppError(502, 'wechat_unavailable', '微信登录服务返回异常，请稍后重试', undefined, true)
  const a = parsed.data
  if (a.errcode === 40029 || a.errcode === 40163)
    throw new AppError(400, 'invalid_code', '登录凭证无效或已使用，请重新登录')
  if (a.errcode === 45011) throw new AppError(429, 'rate_limited', '微信登录过于频繁，请稍后再试')
  if (a.errcode === 40226) throw new AppError(403, 'wechat_blocked', '该微信用户已被限制登录')
  if ((a.errcode && a.errcode !== 0) || !a.openid)
    throw new AppError(502, 'wechat_error', `微信登录失败（${a.errcode ?? '无 openid'}），请稍后重试`, undefined, true)
  return { openid: a.openid, unionid: a.unionid }
}
