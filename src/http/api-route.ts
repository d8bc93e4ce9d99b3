import type { Context } from 'koa'
import type { z } from 'zod'
import type { Principal, RoleName } from '../services/access/principal.js'

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

/**
 * What a route's handler itself can answer besides success; the statuses every route shares (400, 401,
 * 403, 413, 415, 429, 503) follow from its other properties (src/http/route-statuses.ts).
 */
export type HandlerStatus = 403 | 404 | 409 | 422 | 502

/** An uploaded table: the route reads the raw body (CSV or XLSX), not JSON. */
export interface UploadSpec {
  maxBytes: number
}

export interface RouteInput<P, Q, B> {
  params: P
  query: Q
  body: B
  principal: Principal
  /** the raw bytes and format of an upload route */
  upload?: { format: 'csv' | 'xlsx'; data: Buffer }
}

/**
 * One API route as data: method, path, who may call it, the zod schemas of its input, its handler.
 * The same list mounts the Koa router, generates the OpenAPI document and drives the authorisation
 * matrix test, so a route cannot exist without its schemas and its roles.
 *
 * `unitScoped` says how the handler confines a caller to units: 'path' (a :unitCode in the path),
 * 'resource' (the resource found by id belongs to a unit), 'list' (results are filtered), 'self'
 * (the mini-program's own unit; the caller's own console session) or 'none' (no unit data).
 */
export interface ApiRoute<P = unknown, Q = unknown, B = unknown> {
  method: Method
  path: string
  summary: string
  tag: string
  access: 'public' | readonly RoleName[]
  unitScoped: 'path' | 'resource' | 'list' | 'self' | 'none'
  params?: z.ZodType<P>
  query?: z.ZodType<Q>
  body?: z.ZodType<B>
  upload?: UploadSpec
  /** what a success returns, for the document; file downloads name their media type */
  produces?: 'json' | 'xlsx' | 'csv'
  rateLimit?: { windowMs: number; max: number }
  /** statuses the handler raises (not found, conflicts, template validation, WeChat unreachable) */
  errors?: readonly HandlerStatus[]
  /** a mini-program user not yet bound to a unit may call it (bind, me) */
  allowUnbound?: boolean
  /**
   * The write records itself — a submission version carries who, when, how and what — so the audit log
   * keeps only its refused attempts (saves a synchronous insert on the busiest route). Says where.
   */
  selfRecorded?: string
  handler(input: RouteInput<P, Q, B>, ctx: Context): Promise<unknown>
}

/** Keeps P, Q, B inferred from the schemas while storing routes in one array. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  r: ApiRoute<P, Q, B>,
): ApiRoute {
  return r as unknown as ApiRoute
}

export function isWrite(r: ApiRoute): boolean {
  return r.method !== 'get'
}
