import type { PendingChoice } from '../domain/pending-choice.js'
import type { ChatDeps, ChatTurn } from './chat-deps.js'

/** `保留` after a file with cell errors: its valid answers become the draft and the form's dialog opens on them. */
export async function keepFile(
  d: ChatDeps,
  turn: ChatTurn,
  kept: Extract<PendingChoice, { kind: 'file-keep' }>,
): Promise<string[]> {
  const ctx = {
    unitCode: kept.unitCode,
    roundId: kept.roundId,
    who: turn.person,
    place: turn.place,
    messageId: turn.msg.id,
  }
  // cleared after: a crash before the draft is in leaves 保留 to be answered again on the replay
  const replies = await d.filing.keepValid(ctx, kept)
  await d.pending.clear(turn.place.roomId, turn.person.id)
  return replies
}
