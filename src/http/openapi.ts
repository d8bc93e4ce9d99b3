import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi'
import { z } from 'zod'
import type { ApiRoute } from './api-route.js'
import { routeStatuses, STATUS_TEXT } from './route-statuses.js'

const errorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
  })
  .meta({ id: 'Error' })

const MEDIA = {
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
} as const

/** Koa's "/rounds/:roundId" → OpenAPI's "/rounds/{roundId}". */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}')
}

function operation(r: ApiRoute): ZodOpenApiOperationObject {
  const op: ZodOpenApiOperationObject = {
    summary: r.summary,
    tags: [r.tag],
    operationId: `${r.method}${openApiPath(r.path).replace(/[^A-Za-z0-9]+(\w)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    requestParams: {
      ...(r.params ? { path: r.params as z.ZodObject } : {}),
      ...(r.query ? { query: r.query as z.ZodObject } : {}),
    },
    responses: Object.fromEntries(
      routeStatuses(r).map((status) => [
        String(status),
        status < 400
          ? { description: STATUS_TEXT[status], content: { [MEDIA[r.produces ?? 'json']]: { schema: z.unknown() } } }
          : { description: STATUS_TEXT[status], content: { 'application/json': { schema: errorSchema } } },
      ]),
    ),
  }
  if (r.access !== 'public') op.security = [{ bearer: [] }]
  if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: r.body } } }
  if (r.upload) {
    const file = z.string().min(1).meta({ format: 'binary' }) // an empty upload is a 400
    op.requestBody = { required: true, content: { [MEDIA.csv]: { schema: file }, [MEDIA.xlsx]: { schema: file } } }
  }
  return op
}

/**
 * The OpenAPI 3.1 document generated from the route table: the same zod schemas the routes validate
 * with, so the document cannot drift from the code.
 */
export function buildOpenApi(routes: readonly ApiRoute[]): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {}
  for (const r of routes) {
    const p = openApiPath(r.path)
    paths[p] = { ...paths[p], [r.method]: operation(r) }
  }
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'tianbao API', version: '1.0.0', description: '预算绩效运行监控填报：小程序接口与财政局管理接口' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  })
}
