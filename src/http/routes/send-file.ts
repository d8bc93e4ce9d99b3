import type { Context } from 'koa'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/**
 * An XLSX download with its Chinese name ("D012-项目支出表-2027年1-9月.xlsx") in RFC 6266's filename*,
 * and an ASCII name beside it for old clients (a raw non-ASCII header value is refused by Node).
 */
export function sendXlsx(ctx: Context, file: { name: string; data: Buffer }, ascii: string): void {
  ctx.set('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
  ctx.type = XLSX
  ctx.body = file.data
}
