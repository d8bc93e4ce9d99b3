import type { Context } from 'koa'
import { AppError } from '../../errors.js'

const TYPES: Record<string, 'csv' | 'xlsx'> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
}

/**
 * Reads an uploaded table as raw bytes (Content-Type text/csv or the XLSX type), refusing more than
 * maxBytes as it streams, so an oversized upload never sits in memory.
 */
export async function readUpload(ctx: Context, maxBytes: number): Promise<{ format: 'csv' | 'xlsx'; data: Buffer }> {
  const type = (ctx.get('content-type').split(';')[0] ?? '').trim().toLowerCase()
  const format = TYPES[type]
  if (!format) throw new AppError(415, 'unsupported_media_type', '请上传 CSV（text/csv）或 XLSX 文件')
  const declared = Number(ctx.get('content-length') || 0)
  if (declared > maxBytes) throw new AppError(413, 'payload_too_large', '上传文件过大')
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req) {
    const b = chunk as Buffer
    size += b.length
    if (size > maxBytes) throw new AppError(413, 'payload_too_large', '上传文件过大')
    chunks.push(b)
  }
  if (size === 0) throw AppError.badRequest('上传文件为空')
  return { format, data: Buffer.concat(chunks) }
}
