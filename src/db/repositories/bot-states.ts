import type { Connection, Model } from 'mongoose'
import type { Clock } from '../../clock.js'
import { botStateModel, type BotState } from '../models/bot-state.js'

export type BotStatus = BotState['status']

/** The bot account's login state: saved by the bot role, shown by the API role (GET /bot/qrcode, /readyz). No cache: read per request. */
export class BotStates {
  private readonly model: Model<BotState>
  constructor(
    conn: Connection,
    private readonly clock: Clock,
  ) {
    this.model = botStateModel(conn)
  }

  async save(account: string, status: BotStatus, extra: { qr?: string; userName?: string } = {}): Promise<void> {
    await this.model.updateOne(
      { account },
      { $set: { status, updatedAt: this.clock.now(), qr: extra.qr ?? '', ...extra } },
      { upsert: true },
    )
  }

  /** The state with its login QR code (GET /bot/qrcode). */
  async loginState(account: string): Promise<{ status: BotStatus; qr?: string } | null> {
    return this.model.findOne({ account }, { _id: 0, status: 1, qr: 1 }).lean()
  }

  /** The state without the QR code (/readyz shows it to anyone). */
  async summary(account: string): Promise<{ status: BotStatus; updatedAt: Date } | null> {
    return this.model.findOne({ account }, { _id: 0, status: 1, updatedAt: 1 }).lean()
  }

  /** Every bot account's state, without QR codes (the console's bot page; GET /api/admin/bot). */
  async all(): Promise<{ account: string; status: BotStatus; userName?: string; updatedAt: Date }[]> {
    return this.model.find({}, { _id: 0, account: 1, status: 1, userName: 1, updatedAt: 1 }).sort({ account: 1 }).lean()
  }
}
