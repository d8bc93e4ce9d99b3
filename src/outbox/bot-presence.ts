import { Schema, type Connection, type Model } from 'mongoose'
import type { OutboxDeps } from './outbox-deps.js'
import { isDuplicateKey } from '../db/duplicate-key.js'
import { PRIORITY } from './message.js'

interface PresenceDoc {
  _id: string
  loggedIn: boolean
  /** counts logouts; the alert's idempotency key carries it, so each logout alerts exactly once */
  episode: number
  since: Date
  reason?: string
}

const presenceSchema = new Schema<PresenceDoc>(
  { _id: String, loggedIn: Boolean, episode: Number, since: Date, reason: String },
  { collection: 'outbox_bot_presence', versionKey: false },
)

function presenceModel(conn: Connection): Model<PresenceDoc> {
  return (
    (conn.models.OutboxBotPresence as Model<PresenceDoc>) ??
    conn.model<PresenceDoc>('OutboxBotPresence', presenceSchema)
  )
}

/**
 * The bot calls this on wechaty's 'logout' (and may call it again for the same logout: a puppet that
 * reconnects can emit it twice). WeChat messages simply wait in the outbox meanwhile. The first call of
 * an episode flips the account to logged out and queues one alert e-mail to config.mail.opsEmail, keyed
 * `alert:bot-logout:<account>:<episode>`; later calls in the same episode do nothing.
 * Returns true when this call started a new logout episode.
 */
export async function onBotLogout(c: OutboxDeps, account: string, reason = 'logout'): Promise<boolean> {
  const now = c.clock.now()
  let episode: number
  try {
    const doc = await presenceModel(c.conn)
      .findOneAndUpdate(
        { _id: account, loggedIn: { $ne: false } },
        { $set: { loggedIn: false, since: now, reason }, $inc: { episode: 1 } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<PresenceDoc>()
    if (!doc) return false
    episode = doc.episode
  } catch (err) {
    if (isDuplicateKey(err)) return false // already logged out: this episode has its alert
    throw err
  }
  const waiting = await c.outbox.model.countDocuments({
    channel: 'wechat',
    account,
    state: { $in: ['pending', 'failed', 'sending'] },
  })
  c.logger.warn({ account, reason, episode, waiting }, 'bot logged out: WeChat messages wait in the outbox')
  const ops = c.config.mail.opsEmail
  if (!ops) {
    c.logger.warn('OPS_EMAIL is unset: no logout alert e-mail')
    return true
  }
  await c.outbox.enqueue({
    key: `alert:bot-logout:${account}:${episode}`,
    target: { channel: 'email', to: [ops] },
    priority: PRIORITY.alert,
    subject: `【填报】微信机器人 ${account} 已退出登录`,
    text:
      `微信机器人账号 ${account} 于 ${now.toISOString()} 退出登录（${reason}）。\n` +
      `待发送的微信消息：${waiting} 条，将在重新登录后按优先级依次发出。\n请尽快扫码重新登录。`,
    meta: { kind: 'bot-logout' },
  })
  return true
}

/** The bot calls this on 'login': the next logout starts a new episode (and a new alert). */
export async function onBotLogin(c: OutboxDeps, account: string): Promise<void> {
  await presenceModel(c.conn).updateOne(
    { _id: account },
    { $set: { loggedIn: true, since: c.clock.now() }, $setOnInsert: { episode: 0 } },
    { upsert: true },
  )
  const waiting = await c.outbox.model.countDocuments({
    channel: 'wechat',
    account,
    state: { $in: ['pending', 'failed', 'sending'] },
  })
  c.logger.info({ account, waiting }, 'bot logged in: waiting WeChat messages go out, paced')
}

/** Whether an account is logged in as last reported by its bot (undefined: never reported). */
export async function botPresence(
  c: OutboxDeps,
  account: string,
): Promise<{ loggedIn: boolean; since: Date; episode: number } | undefined> {
  const doc = await presenceModel(c.conn).findById(account).lean<PresenceDoc>()
  return doc ? { loggedIn: doc.loggedIn, since: doc.since, episode: doc.episode } : undefined
}
