import { z } from 'zod'
import { route, type ApiRoute } from '../../api-route.js'
import { AppError } from '../../../errors.js'
import { actorOf, inScope, scopeOf } from '../../../services/access/principal.js'
import type { ApiServices } from '../api-services.js'
import { formCode, isoDate, limit, offset, roundParams, roundUnitParams, unitCode, year } from '../schemas.js'

const READ = ['bureau_admin', 'bureau_viewer', 'dept_reviewer'] as const
const ADMIN = ['bureau_admin'] as const
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '应为时间，如 09:00')

const settings = {
  title: z.string().min(2).max(100),
  dueDate: isoDate,
  lockDate: isoDate.nullable(),
  tolerance: z.number().min(0).max(50),
  jumpFactor: z.number().min(1).max(100),
  reminders: z
    .strictObject({
      daysBefore: z.array(z.number().int().min(1).max(60)).max(10),
      time: hhmm,
      dueDayTimes: z.array(hhmm).max(6),
      quietStart: hhmm,
      quietEnd: hhmm,
    })
    .partial(),
  escalation: z
    .strictObject({ headEmailDay: z.number().int().min(0).max(60), digestFromDay: z.number().int().min(0).max(60) })
    .partial(),
  departmentReview: z.boolean(),
  /** a unit counts as done only once also entered in the provincial platform (已录入) */
  requirePlatformEntry: z.boolean(),
  previousRoundId: z
    .string()
    .regex(/^[0-9a-f]{24}$/)
    .nullable(),
}

const createBody = z.strictObject({
  ...settings,
  lockDate: settings.lockDate.optional(),
  tolerance: settings.tolerance.optional(),
  jumpFactor: settings.jumpFactor.optional(),
  reminders: settings.reminders.optional(),
  escalation: settings.escalation.optional(),
  departmentReview: settings.departmentReview.optional(),
  requirePlatformEntry: settings.requirePlatformEntry.optional(),
  previousRoundId: settings.previousRoundId.optional(),
  year: z.number().int().min(2000).max(2100),
  endMonth: z.number().int().min(1).max(12),
  units: z
    .array(z.strictObject({ unitCode, forms: z.array(formCode).min(1).max(4) }))
    .max(20_000)
    .optional(),
})

/** Rounds: create, settings, open/close/lock, per-unit extension and reopening, progress. */
export function roundRoutes(s: ApiServices): ApiRoute[] {
  const tag = 'rounds'
  return [
    route({
      method: 'get',
      path: '/api/admin/rounds',
      summary: '监控轮次列表',
      tag,
      access: READ,
      unitScoped: 'none',
      query: z.strictObject({ year: year.optional() }),
      handler: async ({ query }) => ({ rounds: await s.rounds.list(query.year) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/rounds',
      summary: '新建监控轮次（默认所有单位按其数据确定应填表）',
      tag,
      access: ADMIN,
      unitScoped: 'none',
      body: createBody,
      errors: [409, 422],
      handler: ({ body }) => s.rounds.create(body),
    }),
    route({
      method: 'get',
      path: '/api/admin/rounds/:roundId',
      summary: '轮次详情',
      tag,
      access: READ,
      unitScoped: 'none',
      params: roundParams,
      errors: [404],
      handler: ({ params }) => s.rounds.get(params.roundId),
    }),
    route({
      method: 'patch',
      path: '/api/admin/rounds/:roundId',
      summary: '修改轮次设置（截止、锁定、容差、提醒、升级、是否要求平台录入）',
      tag,
      access: ADMIN,
      unitScoped: 'none',
      params: roundParams,
      errors: [404],
      body: z.strictObject(settings).partial(),
      handler: ({ params, body }) => s.rounds.update(params.roundId, body),
    }),
    route({
      method: 'post',
      path: '/api/admin/rounds/:roundId/status',
      summary: '开放 / 关闭 / 锁定轮次',
      tag,
      access: ADMIN,
      unitScoped: 'none',
      params: roundParams,
      errors: [404, 409],
      body: z.strictObject({ status: z.enum(['open', 'closed', 'locked']) }),
      handler: ({ params, body }) => s.rounds.setStatus(params.roundId, body.status),
    }),
    route({
      method: 'put',
      path: '/api/admin/rounds/:roundId/units/:unitCode/extension',
      summary: '给单位延期',
      tag,
      access: ADMIN,
      unitScoped: 'path',
      params: roundUnitParams,
      errors: [404],
      body: z.strictObject({ until: isoDate }),
      handler: ({ params, body }) => s.rounds.extend(params.roundId, params.unitCode, body.until),
    }),
    route({
      method: 'put',
      path: '/api/admin/rounds/:roundId/units/:unitCode/reopen',
      summary: '锁定后为单个单位重新开放（或取消）',
      tag,
      access: ADMIN,
      unitScoped: 'path',
      params: roundUnitParams,
      errors: [404],
      body: z.strictObject({ reopened: z.boolean() }),
      handler: ({ params, body }) => s.rounds.reopenUnit(params.roundId, params.unitCode, body.reopened),
    }),
    route({
      method: 'post',
      path: '/api/admin/rounds/:roundId/units/:unitCode/platform-entry',
      summary: '登记单位已在预算管理一体化平台录入（已录入；重复登记不改变首次记录）',
      tag,
      access: ADMIN,
      unitScoped: 'path',
      params: roundUnitParams,
      errors: [404],
      handler: ({ params, principal }) =>
        s.platformEntries.markUnit(params.roundId, params.unitCode, 'bureau', actorOf(principal)),
    }),
    route({
      method: 'delete',
      path: '/api/admin/rounds/:roundId/units/:unitCode/platform-entry',
      summary: '撤销单位的平台录入登记',
      tag,
      access: ADMIN,
      unitScoped: 'path',
      params: roundUnitParams,
      errors: [404],
      handler: ({ params }) => s.platformEntries.clear(params.roundId, params.unitCode),
    }),
    route({
      method: 'get',
      path: '/api/admin/rounds/:roundId/progress',
      summary: '轮次进度：应报、已报、按时、逾期、未报、已提交未录入、已录入，及各单位状态（按单位代码分页）',
      tag,
      access: READ,
      unitScoped: 'list',
      params: roundParams,
      query: z.strictObject({ limit, offset }),
      errors: [404],
      handler: ({ params, query, principal }) => s.progress.round(params.roundId, scopeOf(principal), query),
    }),
    route({
      method: 'get',
      path: '/api/admin/rounds/:roundId/units/:unitCode/progress',
      summary: '单个单位在本轮的状态',
      tag,
      access: READ,
      unitScoped: 'path',
      params: roundUnitParams,
      errors: [404],
      handler: async ({ params, principal }) => {
        const unit = await s.directory.unit(params.unitCode)
        if (!unit || !inScope(scopeOf(principal), unit)) throw AppError.notFound('单位不存在')
        const p = await s.progress.round(params.roundId, { kind: 'unit', code: params.unitCode })
        const row = p.units[0]
        if (!row) throw AppError.notFound('该单位不在本轮填报范围内')
        return row
      },
    }),
  ]
}
