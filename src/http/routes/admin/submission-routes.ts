import { z } from 'zod'
import { route, type ApiRoute } from '../../api-route.js'
import type { ApiServices } from '../api-services.js'
import { formCode, idParams, limit, offset, roundId, trimmedText, unitCode } from '../schemas.js'

const READ = ['bureau_admin', 'bureau_viewer', 'dept_reviewer'] as const
const REVIEW = ['bureau_admin', 'dept_reviewer'] as const

/** Submissions for review: list and read within scope, return with a comment, accept. */
export function submissionRoutes(s: ApiServices): ApiRoute[] {
  const tag = 'submissions'
  return [
    route({
      method: 'get',
      path: '/api/admin/submissions',
      summary: '提交记录列表（不含填报内容）',
      tag,
      access: READ,
      unitScoped: 'list',
      query: z.strictObject({
        roundId,
        unitCode: unitCode.optional(),
        form: formCode.optional(),
        status: z.enum(['draft', 'submitted', 'returned', 'accepted']).optional(),
        limit,
        offset,
      }),
      handler: async ({ query, principal }) => ({ submissions: await s.reviews.list(principal, query) }),
    }),
    route({
      method: 'get',
      path: '/api/admin/submissions/:id',
      summary: '提交记录详情（含填报内容与计算值）',
      tag,
      access: READ,
      unitScoped: 'resource',
      params: idParams,
      errors: [404],
      handler: ({ params, principal }) => s.reviews.get(principal, params.id),
    }),
    route({
      method: 'post',
      path: '/api/admin/submissions/:id/return',
      summary: '退回并附意见（通过群消息通知单位）',
      tag,
      access: REVIEW,
      unitScoped: 'resource',
      params: idParams,
      errors: [404, 409],
      body: z.strictObject({ comment: trimmedText(2, 1000) }),
      handler: ({ params, body, principal }) => s.reviews.returnSubmission(principal, params.id, body.comment),
    }),
    route({
      method: 'post',
      path: '/api/admin/submissions/:id/accept',
      summary: '审核通过（需主管部门先审的轮次，主管部门先通过）',
      tag,
      access: REVIEW,
      unitScoped: 'resource',
      params: idParams,
      errors: [404, 409],
      handler: ({ params, principal }) => s.reviews.accept(principal, params.id),
    }),
  ]
}
