import { z } from 'zod'
import { route, type ApiRoute } from '../../api-route.js'
import { AppError } from '../../../errors.js'
import type { ApiServices } from '../api-services.js'
import { idParams, offset, pageLimit, trimmedText, unitCode } from '../schemas.js'

// notices name every target unit, so they stay with the bureau (a department reviewer sees no status)
const READ = ['bureau_admin', 'bureau_viewer'] as const
const ADMIN = ['bureau_admin'] as const

const targets = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('townships') }),
  z.strictObject({ kind: z.literal('departments') }),
  z.strictObject({ kind: z.literal('tag'), tag: trimmedText(1, 50) }),
  z.strictObject({ kind: z.literal('units'), codes: z.array(unitCode).min(1).max(20_000) }),
])

const createBody = z.strictObject({
  title: trimmedText(2, 100),
  body: trimmedText(1, 2000),
  targets,
  ackRequired: z.boolean().default(true),
  ackKeyword: trimmedText(1, 10).default('收到'),
  /** ISO instant, e.g. 2027-07-01T09:00:00+08:00; absent or past: now */
  sendAt: z.iso.datetime({ offset: true }).optional(),
  followUpAfterMinutes: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 60)
    .optional(),
})

/** Broadcast notices: send (now or at a time) and read who has received and acknowledged them. */
export function noticeRoutes(s: ApiServices): ApiRoute[] {
  const tag = 'notices'
  return [
    route({
      method: 'post',
      path: '/api/admin/notices',
      summary: '发送通知（全部单位、乡镇、部门、标签或指定单位；可定时，可要求回复“收到”并在延时后提醒一次）',
      tag,
      access: ADMIN,
      unitScoped: 'none',
      body: createBody,
      errors: [422],
      handler: async ({ body, principal }) => {
        const by = principal.kind === 'admin' ? principal.name : 'unknown'
        const sendAt = body.sendAt ? new Date(body.sendAt) : undefined
        return s.notices.create({ ...body, sendAt }, { kind: 'admin', name: by })
      },
    }),
    route({
      method: 'post',
      path: '/api/admin/notices/preview',
      summary: '发送前预览：目标单位数、将发往的群数、无绑定群的单位（不保存、不发送）',
      tag,
      access: ADMIN,
      unitScoped: 'none',
      body: z.strictObject({ targets }),
      errors: [422],
      handler: async ({ body }) => ({ ...(await s.notices.preview(body.targets)), timezone: s.notices.timezone }),
    }),
    route({
      method: 'get',
      path: '/api/admin/notices',
      summary: '通知列表（最新在前；时间按 timezone 所示时区显示）',
      tag,
      access: READ,
      unitScoped: 'none',
      query: z.strictObject({ limit: pageLimit(200), offset }),
      handler: async ({ query }) => ({
        notices: await s.notices.list(query.limit, query.offset),
        timezone: s.notices.timezone,
      }),
    }),
    route({
      method: 'get',
      path: '/api/admin/notices/:id',
      summary: '通知情况：各单位送达（待发送、已送达、失败、无绑定群）与收到回复',
      tag,
      access: READ,
      unitScoped: 'none',
      params: idParams,
      errors: [404],
      handler: async ({ params }) => {
        const n = await s.notices.get(params.id)
        if (!n || n.status === 'discarded') throw AppError.notFound('通知不存在')
        return { ...(await s.notices.status(n)), timezone: s.notices.timezone }
      },
    }),
    route({
      method: 'post',
      path: '/api/admin/notices/:id/follow-up',
      summary: '再次提醒：立即向已送达但未回复的单位所在群发送提醒',
      tag,
      access: ADMIN,
      unitScoped: 'none',
      params: idParams,
      errors: [404, 422],
      handler: async ({ params }) => {
        const n = await s.notices.get(params.id)
        if (!n || n.status !== 'queued') throw AppError.notFound('通知不存在')
        if (!n.ackRequired) throw AppError.invalid('该通知不要求回复，无需提醒')
        const r = await s.noticeFollowUps.resend(n)
        const message =
          r.groups === 0
            ? '没有需要提醒的单位：已送达的单位都已回复。'
            : `已向 ${r.groups} 个群发送提醒，涉及 ${r.units} 个未回复单位。`
        return { ...r, message }
      },
    }),
  ]
}
