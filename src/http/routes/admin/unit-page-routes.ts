import { route, type ApiRoute } from '../../api-route.js'
import type { ApiServices } from '../api-services.js'
import { roundUnitParams } from '../schemas.js'

const READ = ['bureau_admin', 'bureau_viewer', 'dept_reviewer'] as const

/**
 * The console's unit page, one read per panel: the unit with its contacts and groups, its tables as
 * printed with deviations, its versions with what changed, and the messages sent about it. A department
 * reviewer reads its own units only (another's answers 404, as a missing one). Review actions are the
 * submission routes (POST /api/admin/submissions/:id/return and /accept).
 */
export function unitPageRoutes(s: ApiServices): ApiRoute[] {
  const tag = 'units'
  const base = '/api/admin/rounds/:roundId/units/:unitCode'
  const common = {
    method: 'get',
    tag,
    access: READ,
    unitScoped: 'path',
    params: roundUnitParams,
    errors: [404],
  } as const
  return [
    route({
      ...common,
      path: base,
      summary: '单位页：单位信息、联系人、已绑定的群、本轮是否需主管部门审核',
      handler: ({ params, principal }) => s.unitPage.profile(principal, params.roundId, params.unitCode),
    }),
    route({
      ...common,
      path: `${base}/tables`,
      summary: '单位本轮各表最新提交版本，按标准打印格式（含偏差标记及原因）',
      handler: ({ params, principal }) => s.unitPage.tables(principal, params.roundId, params.unitCode),
    }),
    route({
      ...common,
      path: `${base}/versions`,
      summary: '单位本轮各表的全部版本（填报人、渠道、时间、状态）及相邻版本间的改动',
      handler: ({ params, principal }) => s.unitPage.versions(principal, params.roundId, params.unitCode),
    }),
    route({
      ...common,
      path: `${base}/messages`,
      summary: '发给该单位的消息（催报、提醒、退回、通知）及送达状态和通知回执',
      handler: ({ params, principal }) => s.unitPage.messages(principal, params.roundId, params.unitCode),
    }),
  ]
}
