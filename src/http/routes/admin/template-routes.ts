import { z } from 'zod'
import { route, type ApiRoute } from '../../api-route.js'
import { AppError } from '../../../errors.js'
import { inScope, scopeOf } from '../../../services/access/principal.js'
import type { ApiServices } from '../api-services.js'
import { formCode, roundUnitParams } from '../schemas.js'
import { sendXlsx } from '../send-file.js'

const READ = ['bureau_admin', 'bureau_viewer', 'dept_reviewer'] as const

/** The bureau downloads a unit's fill-in template (to send it, or to fill it for the unit). */
export function templateRoutes(s: ApiServices): ApiRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/admin/rounds/:roundId/units/:unitCode/template',
      summary: '下载某单位某表的填报模板（XLSX，与小程序、群聊中下载的相同）',
      tag: 'rounds',
      access: READ,
      unitScoped: 'path',
      params: roundUnitParams,
      query: z.strictObject({ form: formCode }),
      produces: 'xlsx',
      errors: [404],
      handler: async ({ params, query, principal }, ctx) => {
        const unit = await s.directory.unit(params.unitCode)
        if (!unit || !inScope(scopeOf(principal), unit)) throw AppError.notFound('单位不存在')
        const [file] = await s.fillTemplates.forUnit(params.roundId, params.unitCode, query.form)
        sendXlsx(ctx, file, `${params.unitCode}-${query.form}.xlsx`)
      },
    }),
  ]
}
