import { manualReminderText } from '../services/reminders/manual-reminder.js'
import type { ChatDeps, ChatTurn } from './chat-deps.js'

/**
 * `催报 <unit>` from the bureau group: the open round's 催报 of that unit (the use case the web console's
 * 催报 button calls too), keyed by the command message.
 */
export async function manualReminder(
  d: ChatDeps,
  unit: { code: string; name: string },
  turn: ChatTurn,
): Promise<string> {
  const round = await d.lookups.currentRound()
  if (!round) return '当前没有进行中的填报轮次。'
  return manualReminderText(unit.name, await d.reminders.remind(round, unit, turn.msg.id))
}
