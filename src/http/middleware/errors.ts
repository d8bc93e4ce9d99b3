import type { Middleware } from 'koa'
import { AppError } from '../../errors.js'
import type { Logger } from '../../logger.js'
import { databaseUnavailable, isDatabaseUnavailable } from '../../db/database-unavailable.js'

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
 * The one error path: AppError → its status and `{ error: { code, message, details } }`; the database
 * unreachable → 503 `database_unavailable`; a client error
 * raised by Koa's middleware keeps its status; anything else is a 500 with a generic message and the
 * request id — the stack goes to the log, never to the client.
 */
/** seconds a client should wait before retrying a 503: about one server-selection timeout */
const RETRY_AFTER_S = 5

export function errorMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next()
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404
        ctx.body = { error: { code: 'not_found', message: '未找到该接口', details: { path: ctx.path } } }
      }
    } catch (thrown) {
      const requestId = ctx.state.requestId as string | undefined
      // the database being unreachable is a 503 to retry, never a 500
      const raw = isDatabaseUnavailable(thrown) ? databaseUnavailable() : thrown
      if (raw instanceof AppError && raw.expose) {
        if (raw.status >= 500)
          ((ctx.state.log as Logger | undefined) ?? logger).warn(
            { err: thrown, requestId, code: raw.code },
            'dependency unavailable',
          )
        // a dependency that is down: the client (the mini-program, a console) may retry after a pause
        if (raw.status === 503) ctx.set('Retry-After', String(RETRY_AFTER_S))
        ctx.status = raw.status
        ctx.body = { error: { code: raw.code, message: raw.message, details: raw.details ?? null } }
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
