import type { Connection, Model } from 'mongoose'
import type { Clock } from '../../clock.js'
import { botStateModel, type BotState } from '../models/bot-state.js'

export type BotStatus = BotState['status']

/** The bot account's login state as the API role shows it (GET /bot/qrcode, /readyz). */
export class BotStates {
  private readonly model: Model<BotState>
  constructor(
    conn: Connection,
    private readonly clock: Clock,
  ) {
    this.model = botStateModel(conn)
  }

  async save(account: string, status: BotStatus, extra: { qr?: string; userName?: string } = {}): Promise<void> {
    await this.model.updateOne({ account }, { $set: { status, updatedAt: this.clock.now(), qr: extra.qr ?? '', ...extra } }, { upsert: true })
  }
}
