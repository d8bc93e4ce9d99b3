import type { ApiRoute } from './api-route.js'

/** The wording of each status in the OpenAPI document. */
export const STATUS_TEXT: Record<number, string> = {
  200: '成功',
  400: '请求参数有误（路径、查询参数或请求体不符合定义，JSON 格式错误）',
  401: '未登录或令牌无效',
  403: '无权访问（角色不符，或尚未绑定单位）',
  404: '资源不存在',
  409: '状态冲突（轮次已锁定、已被他人修改、状态不允许等）',
  413: '请求体过大',
  415: '请求体类型不支持',
  422: '内容校验未通过（逐项列出有误的字段）',
  429: '请求过于频繁（见 Retry-After）',
  502: '微信接口暂时不可用',
  503: '服务暂时不可用（数据库无法连接，见 Retry-After）',
}

/**
 * Every status a route can answer, from one place: success; 400 (every route validates its path and
 * query, and refuses what it does not take); 401/403 where a token is needed; 413/415 where it reads a
 * body or an upload; 429 where it is rate-limited; the handler's own (route.errors); 503 everywhere, since
 * the database can be down. The OpenAPI document lists exactly these, and the fuzz test holds the API to it.
 */
export function routeStatuses(r: ApiRoute): number[] {
  const s = new Set<number>([200, 400, 503])
  if (r.access !== 'public') [401, 403].forEach((x) => s.add(x))
  if (r.body || r.upload) [413, 415].forEach((x) => s.add(x))
  if (r.rateLimit) s.add(429)
  for (const x of r.errors ?? []) s.add(x)
  return [...s].sort((a, b) => a - b)
}
