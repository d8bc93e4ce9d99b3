import type { ChatDeps } from './chat-deps.js'
import { packLines } from './pack-lines.js'

/**
 * `进度` in the bureau group: counts for the open round, then the missing units' names, in as few
 * messages as fit. 已录入 is always counted; when the round requires the platform entry, a unit is 已报
 * only once entered too, and the units submitted but not entered are listed on their own (已提交未录入).
 */
export async function roundProgress(d: ChatDeps): Promise<string[]> {
  const round = await d.lookups.currentRound()
  if (!round) return ['当前没有进行中的填报轮次。']
  const p = await d.progress.round(round.id, { kind: 'all' }, { limit: 1, offset: 0 })
  const waiting = p.requirePlatformEntry ? `（其中已提交未录入 ${p.awaitingEntry}）` : ''
  const entered = `；平台已录入 ${p.entered}${p.requirePlatformEntry ? '（本轮要求平台录入）' : ''}`
  const head = `${round.title}\n应报 ${p.expected}，已报 ${p.submitted}（按时 ${p.onTime}，逾期 ${p.late}），未报 ${p.missing}${waiting}${entered}`
  const missing = await d.progress.missingUnits(round.id)
  const awaiting = p.requirePlatformEntry && p.awaitingEntry > 0 ? await d.progress.awaitingEntryUnits(round.id) : []
  const out =
    missing.length === 0
      ? [head]
      : packLines(
          head + '\n未报单位：',
          missing.map((u) => `${u.unitName}${u.partial ? '（部分）' : ''}`),
          '、',
        )
  if (awaiting.length === 0) return out
  return [
    ...out,
    ...packLines(
      '已提交未录入：',
      awaiting.map((u) => u.unitName),
      '、',
    ),
  ]
}
