import { Schema, type Connection, type Model } from 'mongoose'

/**
 * The bot account's state as the API role sees it (the bot may run in another process): the login QR
 * code while waiting for a scan, and whether it is logged in.
 */
export interface BotState {
  account: string
  status: 'starting' | 'waiting-for-scan' | 'logged-in' | 'logged-out' | 'error'
  qr?: string
  userName?: string
  updatedAt: Date
}

const botStateSchema = new Schema<BotState>({
  account: { type: String, required: true, unique: true },
  status: { type: String, required: true },
  qr: String,
  userName: String,
  updatedAt: { type: Date, required: true },
})

export function botStateModel(conn: Connection): Model<BotState> {
  return (conn.models.BotState as Model<BotState>) ?? conn.model<BotState>('BotState', botStateSchema)
}
