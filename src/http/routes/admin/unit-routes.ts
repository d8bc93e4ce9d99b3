import { z } from 'zod'
import { route, type ApiRoute } from '../../api-route.js'
import { AppError } from '../../../errors.js'
import { inScope, scopeOf } from '../../../services/access/principal.js'
import type { ApiOptions, ApiServices } from '../api-services.js'
import { limit, offset, unitCode, unitParams, year } from '../schemas.js'

const READ = ['bureau_admin', 'bureau_viewer', 'dept_reviewer'] as const
const ADMIN = ['bureau_admin'] as const

/** Units and projects: list (scoped), imports (bureau only), bind codes, a unit's record over a year. */
export function unitRoutes(s: ApiServices, o: ApiOptions): ApiRoute[] {
  const upload = { maxBytes: o.uploadMaxBytes }
  return [
    route({
      method: 'get',
      path: '/api/admin/units',
      summary: '单位列表',
      tag: 'units',
      access: READ,
      unitScoped: 'list',
      query: z.strictObject({
        kind: z.enum(['department', 'secondary', 'township']).optional(),
        parentCode: unitCode.optional(),
        limit,
        offset,
      }),
      handler: async ({ query, principal }) => ({ units: await s.directory.units(scopeOf(principal), query) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/units/import',
      summary: '导入单位（CSV/XLSX，按单位代码更新或新增；任一行有误则全部不导入）',
      tag: 'units',
      access: ADMIN,
      unitScoped: 'none',
      upload,
      errors: [422],
      handler: ({ upload: u }) => s.imports.importUnits(u?.format ?? 'csv', u?.data ?? Buffer.alloc(0)),
    }),
    route({
      method: 'post',
      path: '/api/admin/units/import/preview',
      summary: '预览单位导入（不写入）：将新增的单位、将修改的字段（原值→新值）、有误的行',
      tag: 'units',
      access: ADMIN,
      unitScoped: 'none',
      upload,
      errors: [422],
      handler: ({ upload: u }) => s.imports.previewUnits(u?.format ?? 'csv', u?.data ?? Buffer.alloc(0)),
    }),
    route({
      method: 'post',
      path: '/api/admin/projects/import',
      summary: '导入项目及资金（CSV/XLSX）',
      tag: 'units',
      access: ADMIN,
      unitScoped: 'none',
      upload,
      errors: [422],
      handler: ({ upload: u }) => s.imports.importProjects(u?.format ?? 'csv', u?.data ?? Buffer.alloc(0)),
    }),
    route({
      method: 'post',
      path: '/api/admin/indicators/import',
      summary: '导入绩效指标（CSV/XLSX，项目代码为空时为部门整体指标）',
      tag: 'units',
      access: ADMIN,
      unitScoped: 'none',
      upload,
      errors: [422],
      handler: ({ upload: u }) => s.imports.importIndicators(u?.format ?? 'csv', u?.data ?? Buffer.alloc(0)),
    }),
    route({
      method: 'get',
      path: '/api/admin/projects',
      summary: '项目列表（含资金与指标）',
      tag: 'units',
      access: READ,
      unitScoped: 'list',
      query: z.strictObject({ unitCode: unitCode.optional(), limit, offset }),
      handler: async ({ query, principal }) => ({ projects: await s.directory.projects(scopeOf(principal), query) }),
    }),
    route({
      method: 'get',
      path: '/api/admin/units/:code/bind-code',
      summary: '单位绑定码（首次读取时生成）',
      tag: 'units',
      access: ADMIN,
      unitScoped: 'path',
      params: unitParams,
      errors: [404],
      handler: async ({ params }) => ({ unitCode: params.code, bindCode: await s.bindCodes.get(params.code) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/units/:code/bind-code/rotate',
      summary: '更换绑定码（已绑定的群和用户不受影响）',
      tag: 'units',
      access: ADMIN,
      unitScoped: 'path',
      params: unitParams,
      errors: [404, 409],
      handler: async ({ params }) => ({ unitCode: params.code, bindCode: await s.bindCodes.rotate(params.code) }),
    }),
    route({
      method: 'get',
      path: '/api/admin/units/:code/timeliness',
      summary: '单位全年报送率与及时率',
      tag: 'units',
      access: READ,
      unitScoped: 'path',
      params: unitParams,
      query: z.strictObject({ year }),
      errors: [404],
      handler: async ({ params, query, principal }) => {
        const unit = await s.directory.unit(params.code)
        if (!unit || !inScope(scopeOf(principal), unit)) throw AppError.notFound('单位不存在')
        return s.progress.unitYear(params.code, query.year)
      },
    }),
  ]
}
