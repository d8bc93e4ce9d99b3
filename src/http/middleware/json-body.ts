import type { Context, Middleware } from 'koa'
import bodyParser from 'koa-bodyparser'
import { AppError } from '../../errors.js'

const READER = 'readJsonBody'

/**
 * Makes the JSON body readable on demand instead of parsing every request up front: a route reads it
 * (readJsonBody) only after the caller is authenticated, so an anonymous client meets 401 before any
 * byte of its body is buffered or parsed.
 */
export function jsonBody(limit: string): Middleware {
  const parse = bodyParser({ enableTypes: ['json'], jsonLimit: limit, strict: true })
  return async (ctx, next) => {
    let read: Promise<void> | undefined
    ctx.state[READER] = () => (read ??= parse(ctx, async () => undefined))
    await next()
  }
}

/** Content-Length > 0 or a chunked body: `Content-Length: 0` is no body. */
export function hasBody(ctx: Context): boolean {
  const length = ctx.get('content-length')
  return ctx.get('transfer-encoding') !== '' || (length !== '' && Number(length) > 0)
}

/**
 * The request's JSON body, or undefined when it has none. Another content type is a 415; a body over
 * the limit a 413; malformed JSON a 400 (both raised by the parser, rendered by the error middleware).
 */
export async function readJsonBody(ctx: Context): Promise<unknown> {
  if (!hasBody(ctx)) return undefined
  if (!ctx.is('application/json', '+json'))
    throw new AppError(415, 'unsupported_media_type', '请求体须为 JSON（Content-Type: application/json）')
  const read = ctx.state[READER] as (() => Promise<void>) | undefined
  if (!read) throw new Error('readJsonBody needs the jsonBody middleware (src/http/app.ts)')
  await read()
  return ctx.request.body
}
