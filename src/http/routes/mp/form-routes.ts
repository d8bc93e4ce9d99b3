import { z } from 'zod'
import { route, type ApiRoute } from '../../api-route.js'
import type { Principal } from '../../../services/access/principal.js'
import type { Author, SubmissionTarget } from '../../../services/filing/submission-service.js'
import type { ApiServices } from '../api-services.js'
import { formParams } from '../schemas.js'

// what a question kind stores: numbers, text, 是/否 or true/false, a multi-choice list, null (none)
const answer = z.union([
  z.string().max(10_000),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(200)).max(100),
])
// a field path: never an operator ("$…") nor a NUL, which the body check refuses anyway (400)
const fieldPath = z
  .string()
  .max(200)
  // eslint-disable-next-line no-control-regex -- NUL is exactly what the pattern must exclude
  .regex(/^[^$\u0000][^\u0000]*$/, '不是字段名')

const editBody = z.strictObject({
  answers: z.record(fieldPath, answer).refine((a) => Object.keys(a).length <= 5000, '字段过多'),
  base: z.string().max(64).nullable().optional(),
  overwrite: z.boolean().optional(),
})

/** The unit comes from the session, never from the request: a unit user cannot name another unit. */
function target(p: Principal, params: { roundId: string; form: SubmissionTarget['form'] }): SubmissionTarget {
  return { roundId: params.roundId, form: params.form, unitCode: p.unitCode ?? '' }
}

function author(p: Principal): Author {
  return { by: p.kind === 'unit' ? `mp:${p.openid}` : `admin:${p.name}`, channel: 'miniprogram' }
}

/** Tasks, form descriptions, drafts, submissions and versions for the caller's own unit. */
export function mpFormRoutes(s: ApiServices): ApiRoute[] {
  const base = { tag: 'mp', access: ['unit'] as const, unitScoped: 'self' as const }
  return [
    route({
      ...base,
      method: 'get',
      path: '/api/mp/tasks',
      summary: '本单位的填报任务（轮次、各表状态、截止时间、剩余天数）',
      handler: async ({ principal }) => ({ tasks: await s.mpForms.tasks(principal.unitCode ?? '') }),
    }),
    route({
      ...base,
      method: 'get',
      path: '/api/mp/rounds/:roundId/forms/:form',
      summary: '表单说明（由模板生成，含预填的项目、预算和上轮数值）及最新填报内容',
      params: formParams,
      errors: [404],
      handler: ({ params, principal }) => s.mpForms.describe(target(principal, params)),
    }),
    route({
      ...base,
      method: 'put',
      path: '/api/mp/rounds/:roundId/forms/:form/draft',
      summary: '保存草稿（部分校验，返回字段错误）',
      params: formParams,
      selfRecorded: 'submissions (the draft row: by, channel, updatedAt)',
      errors: [404, 409, 422],
      body: editBody,
      handler: ({ params, body, principal }) => s.mpForms.saveDraft(target(principal, params), body, author(principal)),
    }),
    route({
      ...base,
      method: 'post',
      path: '/api/mp/rounds/:roundId/forms/:form/submit',
      summary: '提交（按模板完整校验；有误时 422 列出每个字段；warnings 列出跨表差异，不阻止提交）',
      params: formParams,
      selfRecorded: 'submissions (each version: by, channel, submittedAt)',
      errors: [404, 409, 422],
      body: editBody,
      handler: ({ params, body, principal }) => s.mpForms.submit(target(principal, params), body, author(principal)),
    }),
    route({
      ...base,
      method: 'get',
      path: '/api/mp/rounds/:roundId/forms/:form/history',
      summary: '该表的历次版本',
      params: formParams,
      errors: [404],
      handler: async ({ params, principal }) => ({ versions: await s.mpForms.history(target(principal, params)) }),
    }),
  ]
}
