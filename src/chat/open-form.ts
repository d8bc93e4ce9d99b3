import type { Task } from '../services/filing/task-service.js'
import type { UnitRound } from '../services/filing/edit-refusal.js'
import type { ChatDeps, ChatTurn } from './chat-deps.js'

/**
 * Opens (or resumes) the table's dialog for this person; a colleague holding it → the offer to take
 * over, waiting as the person's pending choice.
 */
export async function openForm(
  d: ChatDeps,
  turn: ChatTurn,
  unitCode: string,
  task: Pick<Task, 'roundId' | 'form' | 'title'> & { status?: Task['status'] },
  /** the rounds and round units this turn read the task from (TaskService.withRows): not read again */
  rows: readonly UnitRound[] = [],
): Promise<string[]> {
  const read = rows.find((r) => r.ru.roundId === task.roundId)
  // a task just read as missing has no draft or returned version to load; a refusal (the round is
  // locked, …) becomes chat text at the one boundary, ChatCore.handle
  const r = await d.dialogs.start(turn.place, turn.person, unitCode, task.roundId, task.form, {
    ...(task.status === 'missing' ? { latest: 'none' } : {}),
    messageId: turn.msg.id,
    ...(read ? { read } : {}),
  })
  if ('replies' in r) return r.replies
  await d.pending.set(turn.place.roomId, turn.person.id, {
    kind: 'takeover',
    dialogId: r.conflict.dialogId,
    ownerName: r.conflict.ownerName,
    label: task.title,
  })
  return [`${r.conflict.ownerName} 正在填报《${task.title}》。如需由您继续，请回复“接管”（已填内容会保留）。`]
}
