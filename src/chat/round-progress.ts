import type { ChatDeps } from './chat-deps.js'
import { packLines } from './pack-lines.js'

/** `进度` in the bureau group: counts for the open round, then the missing units' names, in as few messages as fit. */
export async function roundProgress(d: ChatDeps): Promise<string[]> {
  const round = await d.lookups.currentRound()
  if (!round) return ['当前没有进行中的填报轮次。']
  const p = await d.progress.round(round.id, { kind: 'all' }, { limit: 1, offset: 0 })
  const head = `${round.title}\n应报 ${p.expected}，已报 ${p.submitted}（按时 ${p.onTime}，逾期 ${p.late}），未报 ${p.missing}`
  const missing = await d.progress.missingUnits(round.id)
  if (missing.length === 0) return [head]
  return packLines(
    head + '\n未报单位：',
    missing.map((u) => `${u.unitName}${u.partial ? '（部分）' : ''}`),
    '、',
  )
}
