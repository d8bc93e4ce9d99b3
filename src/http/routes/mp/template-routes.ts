import { z } from 'zod'
import { route, type ApiRoute } from '../../api-route.js'
import { AppError } from '../../../errors.js'
import type { Principal } from '../../../services/access/principal.js'
import type { ApiOptions, ApiServices } from '../api-services.js'
import { formParams } from '../schemas.js'
import { sendXlsx } from '../send-file.js'

const unitOf = (p: Principal): string => p.unitCode ?? ''

/** Filling by Excel for the caller's own unit: download the pre-filled template, upload it filled. */
export function mpTemplateRoutes(s: ApiServices, o: ApiOptions): ApiRoute[] {
  const base = { tag: 'mp', access: ['unit'] as const, unitScoped: 'self' as const }
  return [
    route({
      ...base,
      method: 'get',
      path: '/api/mp/rounds/:roundId/forms/:form/template',
      summary: '下载本单位该表的填报模板（XLSX：已知内容锁定，待填单元格带数据验证）',
      params: formParams,
      produces: 'xlsx',
      errors: [404],
      handler: async ({ params, principal }, ctx) => {
        const [file] = await s.fillTemplates.forUnit(params.roundId, unitOf(principal), params.form)
        sendXlsx(ctx, file, `${unitOf(principal)}-${params.form}.xlsx`)
      },
    }),
    route({
      ...base,
      method: 'post',
      path: '/api/mp/rounds/:roundId/forms/:form/file',
      summary:
        '上传填好的模板：返回读到的内容和按单元格列出的错误；有错误时 422 且不保存（?keep=valid 确认只保留无误的内容），无误时存为草稿，并列出仍缺少或需说明偏差的项',
      params: formParams,
      query: z.strictObject({ keep: z.enum(['valid']).optional() }),
      upload: { maxBytes: o.uploadMaxBytes },
      selfRecorded: 'submissions (the draft row: by, channel, updatedAt)',
      errors: [404, 409, 422],
      handler: async ({ params, query, principal, upload }) => {
        if (upload?.format !== 'xlsx') throw new AppError(415, 'unsupported_media_type', '请上传 XLSX 文件')
        const by = principal.kind === 'unit' ? `mp:${principal.openid}` : `admin:${principal.name}`
        return s.fileFiling.upload(
          { roundId: params.roundId, unitCode: unitOf(principal), form: params.form },
          upload.data,
          { by, channel: 'miniprogram' },
          query.keep === 'valid',
        )
      },
    }),
  ]
}
