import { z } from 'zod'
import type { Context } from 'koa'
import { route, type ApiRoute } from '../../api-route.js'
import { AppError } from '../../../errors.js'
import { actorOf, inScope, scopeOf, type UnitScope } from '../../../services/access/principal.js'
import type { ApiOptions, ApiServices } from '../api-services.js'
import { roundId, roundParams, unitCode } from '../schemas.js'

const READ = ['bureau_admin', 'bureau_viewer', 'dept_reviewer'] as const
const ADMIN = ['bureau_admin'] as const
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true')

/**
 * The provincial budget platform, both ways, through the mapping file (PLATFORM_MAPPING): its budget
 * and indicator exports pre-fill tianbao's projects; a round's figures go out in its import template.
 */
export function platformRoutes(s: ApiServices, o: ApiOptions): ApiRoute[] {
  /** ?unitCode narrows to one unit, still inside the caller's own scope. */
  async function narrowed(scope: UnitScope, code: string | undefined): Promise<UnitScope> {
    if (!code) return scope
    const unit = await s.directory.unit(code)
    if (!unit || !inScope(scope, unit)) throw AppError.notFound('单位不存在')
    return { kind: 'unit', code }
  }
  return [
    route({
      method: 'post',
      path: '/api/admin/import/platform',
      summary:
        '导入省预算管理一体化平台导出的预算（kind=budgets）或绩效指标（kind=indicators），按项目代码预填项目；或导入平台的审核状态导出（kind=status），为各项状态均已送审的单位登记已录入（roundId 省略时为进行中的轮次）；dryRun=1 只预览；任一单元格有误则全部不导入',
      tag: 'units',
      access: ADMIN,
      unitScoped: 'none',
      upload: { maxBytes: o.uploadMaxBytes },
      errors: [404],
      query: z.strictObject({
        kind: z.enum(['budgets', 'indicators', 'status']),
        dryRun: flag.optional(),
        roundId: roundId.optional(),
      }),
      handler: ({ query, upload: u, principal }) => {
        const format = u?.format ?? 'xlsx'
        const data = u?.data ?? Buffer.alloc(0)
        const dryRun = query.dryRun ?? false
        if (query.kind === 'status')
          return s.platformStatusImport.import(format, data, { roundId: query.roundId, dryRun, by: actorOf(principal) })
        if (query.roundId) throw AppError.badRequest('roundId 只用于 kind=status')
        return s.platformImport.import(query.kind, format, data, dryRun)
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/rounds/:roundId/export/platform',
      summary:
        '按省平台导入模板导出本轮已审核通过的填报（layout=projectImport 项目支出 / departmentImport 部门整体；includeSubmitted=1 含待审核）',
      tag: 'exports',
      access: READ,
      unitScoped: 'list',
      produces: 'xlsx',
      errors: [404],
      params: roundParams,
      query: z.strictObject({
        layout: z.enum(['projectImport', 'departmentImport']),
        includeSubmitted: flag.optional(),
        unitCode: unitCode.optional(),
      }),
      handler: async ({ params, query, principal }, ctx: Context) => {
        const scope = await narrowed(scopeOf(principal), query.unitCode)
        const f = await s.platformExport.export(params.roundId, scope, query.layout, query.includeSubmitted ?? false)
        ctx.set('Content-Disposition', `attachment; filename="${f.filename}"`)
        ctx.type = f.contentType
        ctx.body = f.data
      },
    }),
  ]
}
