import type { Connection, Model } from 'mongoose'
import type { Clock } from '../../clock.js'
import type { PendingChoice } from '../../domain/pending-choice.js'
import { chatPendingModel, type ChatPending } from '../models/chat-pending.js'

/**
 * The question the bot asked one person in one room outside a form (which form? which unit? take
 * over? send this notice?), one per person and room; answered or replaced by the next question.
 * No cache: it is read only on the turns that can answer one.
 */
/** Fits src/chat/ports.ts PendingChoicesPort (checked where the container passes it in). */
export class PendingChoices {
  private readonly model: Model<ChatPending>
  constructor(
    conn: Connection,
    private readonly clock: Clock,
  ) {
    this.model = chatPendingModel(conn)
  }

  async get(roomId: string, memberId: string): Promise<PendingChoice | null> {
    const found = await this.model.collection.findOne<ChatPending>({ roomId, memberId })
    return found?.choice ?? null
  }

  async set(roomId: string, memberId: string, choice: PendingChoice): Promise<void> {
    await this.model.updateOne(
      { roomId, memberId },
      { $set: { choice, createdAt: this.clock.now() } },
      { upsert: true },
    )
  }

  async clear(roomId: string, memberId: string): Promise<void> {
    await this.model.deleteOne({ roomId, memberId })
  }

  async clearRoom(roomId: string): Promise<void> {
    await this.model.deleteMany({ roomId })
  }
}
