import { z } from 'zod'
import type { Context } from 'koa'
import { route, type ApiRoute } from '../../api-route.js'
import { AppError } from '../../../errors.js'
import { inScope, scopeOf, type UnitScope } from '../../../services/access/principal.js'
import type { ExportFile } from '../../../services/exports/export-service.js'
import type { ApiServices } from '../api-services.js'
import { formCode, roundParams, unitCode } from '../schemas.js'

const READ = ['bureau_admin', 'bureau_viewer', 'dept_reviewer'] as const

function send(ctx: Context, f: ExportFile): void {
  ctx.set('Content-Disposition', `attachment; filename="${f.filename}"`)
  ctx.type = f.contentType
  ctx.body = f.data
}

/** XLSX in the standard table layout (per unit or consolidated) and CSV of a form's answers. */
export function exportRoutes(s: ApiServices): ApiRoute[] {
  /** ?unitCode narrows to one unit, still inside the caller's own scope. */
  async function narrowed(scope: UnitScope, code: string | undefined): Promise<UnitScope> {
    if (!code) return scope
    const unit = await s.directory.unit(code)
    if (!unit || !inScope(scope, unit)) throw AppError.notFound('单位不存在')
    return { kind: 'unit', code }
  }
  return [
    ...(['project', 'department'] as const).map((form) =>
      route({
        method: 'get',
        path: `/api/admin/rounds/:roundId/export/${form}.xlsx`,
        summary: `导出${form === 'project' ? '项目支出' : '部门整体支出'}绩效目标执行监控表（XLSX，标准格式；可按单位）`,
        tag: 'exports',
        access: READ,
        unitScoped: 'list',
        produces: 'xlsx',
        errors: [404],
        params: roundParams,
        query: z.strictObject({ unitCode: unitCode.optional() }),
        handler: async ({ params, query, principal }, ctx) =>
          send(
            ctx,
            await s.exports.tablesXlsx(params.roundId, await narrowed(scopeOf(principal), query.unitCode), form),
          ),
      }),
    ),
    route({
      method: 'get',
      path: '/api/admin/rounds/:roundId/export/answers.csv',
      summary: '导出某表全部填报内容（CSV，长表格式）',
      tag: 'exports',
      access: READ,
      unitScoped: 'list',
      produces: 'csv',
      errors: [404],
      params: roundParams,
      query: z.strictObject({ form: formCode, unitCode: unitCode.optional() }),
      handler: async ({ params, query, principal }, ctx) =>
        send(
          ctx,
          await s.exports.answersCsv(params.roundId, await narrowed(scopeOf(principal), query.unitCode), query.form),
        ),
    }),
  ]
}
