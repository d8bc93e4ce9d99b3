import type { ChatDeps, ChatTurn } from './chat-deps.js'

/** `接管` after the bot said a colleague holds the table: the dialog (answers kept) moves to this person. */
export async function takeOver(d: ChatDeps, turn: ChatTurn, dialogId: string): Promise<string[]> {
  await d.pending.clear(turn.place.roomId, turn.person.id)
  return d.dialogs.takeover(dialogId, turn.place, turn.person)
}
