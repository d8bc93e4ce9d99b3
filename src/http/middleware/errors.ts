import type { Middleware } from 'koa'
import { AppError } from '../../errors.js'
import type { Logger } from '../../logger.js'
import { isDatabaseDown } from '../database-down.js'

/** Koa's own errors (body parser, http-errors) carry a status and an expose flag. */
interface HttpishError {
  status?: number
  statusCode?: number
  expose?: boolean
  message?: string
  type?: string
  body?: unknown
}

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
}

/**
 * The one error path: AppError → its status and `{ error: { code, message, details } }`; a client error
 * raised by Koa's middleware keeps its status; an unreachable database is a 503 with Retry-After; anything else is a 500 with a generic message and the
 * request id — the stack goes to the log, never to the client.
 */
export function errorMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next()
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404
        ctx.body = { error: { code: 'not_found', message: '未找到该接口', details: { path: ctx.path } } }
      }
    } catch (raw) {
      const requestId = ctx.state.requestId as string | undefined
      if (raw instanceof AppError && raw.expose) {
        ctx.status = raw.status
        ctx.body = { error: { code: raw.code, message: raw.message, details: raw.details ?? null } }
        return
      }
      if (isDatabaseDown(raw)) {
        ;((ctx.state.log as Logger | undefined) ?? logger).warn({ err: raw, requestId }, 'database unavailable')
        ctx.status = 503
        ctx.set('Retry-After', '5')
        ctx.body = { error: { code: 'service_unavailable', message: '服务暂时不可用（数据库无法连接），请稍后重试', details: { requestId } } }
        return
      }
      const e = raw as HttpishError
      const status = e?.status ?? e?.statusCode
      if (typeof status === 'number' && status >= 400 && status < 500 && e.expose !== false) {
        ctx.status = status
        ctx.body = { error: { code: CODES[status] ?? 'bad_request', message: clientMessage(status, e), details: null } }
        return
      }
      ;((ctx.state.log as Logger | undefined) ?? logger).error({ err: raw, requestId }, 'unhandled error')
      ctx.status = 500
      ctx.body = { error: { code: 'internal', message: '服务器内部错误，请稍后重试', details: { requestId } } }
    }
  }
}

function clientMessage(status: number, e: HttpishError): string {
  if (status === 413) return '请求内容过大'
  // co-body marks JSON syntax errors with the raw body (and sometimes no `type`); their text is English
  if (status === 400 && (e.type === 'entity.parse.failed' || e.body !== undefined)) return '请求体不是合法的 JSON'
  if (status === 415) return '不支持的内容类型'
  // Koa's own messages are English; show them only when they are already written for users
  return e.message && e.message.length < 200 && /[\u4e00-\u9fa5]/.test(e.message) ? e.message : '请求有误'
}
