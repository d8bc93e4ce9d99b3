import type { ChatRoundUnit, CurrentRound } from '../domain/chat-reads.js'

/**
 * The platform-entry line of a unit's `进度` (empty when there is nothing to say): shown once entered,
 * and while the round requires the entry.
 *   平台录入：已录入（张丽，2027/7/8）
 *   平台录入：本轮要求在预算管理一体化平台录入，录入后请回复“已录入”。
 */
export function entryLine(round: CurrentRound, ru: ChatRoundUnit, timezone: string): string {
  const e = ru.platformEntry
  if (e) return `平台录入：已录入（${e.by}，${e.at.toLocaleDateString('zh-CN', { timeZone: timezone })}）`
  if (!round.requirePlatformEntry) return ''
  const allIn = ru.forms.every((f) => ru.submitted.includes(f))
  return allIn
    ? '平台录入：未登记。本轮要求在预算管理一体化平台录入后方为完成，录入后请回复“已录入”。'
    : '平台录入：本轮要求提交后还在预算管理一体化平台录入，录入后请回复“已录入”。'
}
