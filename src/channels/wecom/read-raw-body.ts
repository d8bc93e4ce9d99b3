import type { Context } from 'koa'
import { AppError } from '../../errors.js'

/**
 * The request body as text, at most `limit` bytes (413 beyond). Read by hand because WeCom's content
 * type is not promised to be application/json, and the app's JSON reader refuses anything else.
 */
export async function readRawBody(ctx: Context, limit: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw new AppError(413, 'payload_too_large', '请求体过大')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}
