import { z } from 'zod'
import { route, type ApiRoute } from '../../api-route.js'
import type { ApiServices } from '../api-services.js'
import { isoDate, trimmedText, year } from '../schemas.js'

const day = z.strictObject({
  date: isoDate,
  /** false: a holiday (放假); true: a working day on a weekend (调休上班) */
  work: z.boolean(),
  name: trimmedText(1, 50).optional(),
})

/** The working-day calendar behind reminder times: the bureau enters a year's 放假/调休 when the package lacks it. */
export function calendarRoutes(s: ApiServices): ApiRoute[] {
  const tag = 'calendar'
  return [
    route({
      method: 'get',
      path: '/api/admin/calendar',
      summary: '某年的放假和调休日期（财政局录入的，以及节假日数据包是否已有该年）',
      tag,
      access: ['bureau_admin', 'bureau_viewer'],
      unitScoped: 'none',
      query: z.strictObject({ year }),
      handler: ({ query }) => s.calendar.year(query.year),
    }),
    route({
      method: 'put',
      path: '/api/admin/calendar',
      summary: '录入放假（work: false）和调休上班（work: true）日期；已有的日期被替换',
      tag,
      access: ['bureau_admin'],
      unitScoped: 'none',
      errors: [422],
      body: z.strictObject({ days: z.array(day).min(1).max(400) }),
      handler: ({ body }) => s.calendar.set(body.days),
    }),
    route({
      method: 'delete',
      path: '/api/admin/calendar/:date',
      summary: '删除一个录入的日期（恢复按数据包和周末计算）',
      tag,
      access: ['bureau_admin'],
      unitScoped: 'none',
      params: z.strictObject({ date: isoDate }),
      errors: [404],
      handler: ({ params }) => s.calendar.remove(params.date),
    }),
  ]
}
