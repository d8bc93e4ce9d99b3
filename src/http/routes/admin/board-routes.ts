import { z } from 'zod'
import { route, type ApiRoute } from '../../api-route.js'
import { AppError } from '../../../errors.js'
import { scopeOf } from '../../../services/access/principal.js'
import { BOARD_STATUSES } from '../../../domain/round-board.js'
import { manualReminderText } from '../../../services/reminders/manual-reminder.js'
import type { ApiServices } from '../api-services.js'
import { offset, pageLimit, roundParams, unitCode } from '../schemas.js'

const READ = ['bureau_admin', 'bureau_viewer', 'dept_reviewer'] as const

/** The web console's round board (counts, by township and department, the units table) and its 催报. */
export function boardRoutes(s: ApiServices): ApiRoute[] {
  const tag = 'rounds'
  return [
    route({
      method: 'get',
      path: '/api/admin/rounds/:roundId/board',
      summary: '轮次看板：已报、按时、逾期、未报、已退回，按乡镇和按主管部门分组统计',
      tag,
      access: READ,
      unitScoped: 'list',
      params: roundParams,
      errors: [404],
      handler: ({ params, principal }) => s.board.summary(params.roundId, scopeOf(principal)),
    }),
    route({
      method: 'get',
      path: '/api/admin/rounds/:roundId/board/units',
      summary: '轮次看板的单位表：按代码或名称搜索、按状态筛选、排序、分页',
      tag,
      access: READ,
      unitScoped: 'list',
      params: roundParams,
      query: z.strictObject({
        q: z.string().max(50).optional(),
        status: z.enum([...BOARD_STATUSES, 'returned']).optional(),
        sort: z.enum(['unitCode', 'unitName', 'status', 'completedAt']).default('unitCode'),
        order: z.enum(['asc', 'desc']).default('asc'),
        limit: pageLimit(500),
        offset,
      }),
      errors: [404],
      handler: ({ params, query, principal }) => s.board.units(params.roundId, scopeOf(principal), query),
    }),
    route({
      method: 'post',
      path: '/api/admin/rounds/:roundId/remind',
      summary: '催报：向所列单位（不列则为全部未报齐单位）的工作群发催报，与机器人“催报”命令相同',
      tag,
      access: ['bureau_admin'],
      unitScoped: 'none',
      params: roundParams,
      body: z.strictObject({ unitCodes: z.array(unitCode).min(1).max(20_000).optional() }),
      errors: [404, 409],
      handler: async ({ params, body }, ctx) => {
        const round = await s.rounds.get(params.roundId)
        if (round.status !== 'open') throw AppError.conflict('round_not_open', '该轮次未在填报中，不能催报')
        const missing = await s.progress.missingUnits(round.id)
        const names = new Map(missing.map((u) => [u.unitCode, u.unitName]))
        const codes = body.unitCodes ?? missing.map((u) => u.unitCode)
        const key = `console:${String(ctx.state.requestId ?? Date.now())}`
        const units: { code: string; name: string }[] = []
        // a named unit that is not missing a form (complete, or not in the round) is looked up for its name
        for (const code of codes)
          units.push({ code, name: names.get(code) ?? (await s.directory.unit(code))?.name ?? code })
        const outcomes = await s.reminders.remindMany(round, units, key)
        const results = units.map((u, i) => ({
          unitCode: u.code,
          result: outcomes[i].kind,
          message: manualReminderText(u.name, outcomes[i]),
        }))
        const queued = results.filter((r) => r.result === 'queued').length
        return { queued, units: results, message: remindSummary(queued, results) }
      },
    }),
  ]
}

function remindSummary(queued: number, results: { result: string; message: string }[]): string {
  if (results.length === 1) return results[0].message
  const skipped = results.length - queued
  return (
    `已为 ${queued} 个单位发送催报` + (skipped ? `，${skipped} 个未发送（已报齐或没有绑定的群，详见列表）` : '') + '。'
  )
}
