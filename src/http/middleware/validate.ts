import type { z } from 'zod'
import { AppError } from '../../errors.js'

/**
 * Mongo operators never reach a query: any object key starting with "$" anywhere in the input is a 400,
 * before zod runs ({"status": {"$gt": ""}}, ?status[$gt]=, answers: {"$where": …}).
 */
export function rejectOperators(value: unknown, where: string, depth = 0): void {
  if (depth > 32) throw AppError.badRequest('请求嵌套层级过深')
  if (Array.isArray(value)) {
    for (const v of value) rejectOperators(v, where, depth + 1)
    return
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$') || k.includes('\0'))
        throw AppError.badRequest(`${where} 中不允许出现字段名 ${k.slice(0, 40)}`, { field: k.slice(0, 40) })
      rejectOperators(v, where, depth + 1)
    }
    return
  }
  // query strings arrive as strings; a bracket key like status[$gt] is caught as an unknown key by zod
}

/** Parses one part of the request with its schema; failures are a 400 naming every bad field. */
export function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'params' | 'query' | 'body'): T {
  rejectOperators(value, where)
  if (!schema) {
    const empty =
      value === undefined || value === null || (typeof value === 'object' && Object.keys(value).length === 0)
    if (!empty) throw AppError.badRequest(`该接口不接受 ${where} 参数`)
    return undefined as T
  }
  const r = schema.safeParse(value ?? {})
  if (!r.success) {
    const fields = r.error.issues
      .slice(0, 50)
      .map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }))
    throw AppError.badRequest('请求参数有误', { fields })
  }
  return r.data
}
