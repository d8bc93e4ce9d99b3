import { Schema, type Connection, type Model } from 'mongoose'
import type { Clock } from '../clock.js'
import { isDuplicateKey } from '../db/duplicate-key.js'
import { nextSlot, recordSend, type PacingPolicy, type PacingState } from './pacing-policy.js'

interface PacingDoc {
  _id: string
  v: number
  sends: Date[]
  lastRoom?: string
}

const pacingSchema = new Schema<PacingDoc>(
  { _id: String, v: Number, sends: [Date], lastRoom: String },
  { collection: 'outbox_pacing', versionKey: false },
)

function pacingModel(conn: Connection): Model<PacingDoc> {
  return (conn.models.OutboxPacing as Model<PacingDoc>) ?? conn.model<PacingDoc>('OutboxPacing', pacingSchema)
}

export type Reservation = { ok: true; at: number } | { ok: false; at: number }

/**
 * The pace of one account kept in MongoDB (one document per `<channel>:<account>`), so it holds across
 * restarts and when several processes send for the same robot key. A send first reserves its instant
 * (optimistic update on a version number: two reservers never get the same slot), waits for it, sends,
 * and then moves the reservation to the instant the platform accepted it — so latency can only make the
 * next send later, never squeeze more than `perWindow` sends into a window.
 */
export class PacingLimiter {
  private readonly model: Model<PacingDoc>

  constructor(
    conn: Connection,
    private readonly clock: Clock,
    private readonly policy: PacingPolicy,
  ) {
    this.model = pacingModel(conn)
  }

  /** Reserves the next slot for `room` if it is at most `maxWaitMs` away; otherwise says when it is. */
  async reserve(key: string, room: string | undefined, maxWaitMs: number): Promise<Reservation> {
    return this.mutate<Reservation>(key, (state) => {
      const now = this.clock.now().getTime()
      const at = nextSlot(this.policy, state, room, now)
      if (at - now > maxWaitMs) return { result: { ok: false, at } }
      return { result: { ok: true, at }, next: recordSend(this.policy, state, room, at) }
    })
  }

  /** Replaces the reserved instant by the real one (after the send) — or drops it if the send never happened. */
  async complete(key: string, reservedAt: number, doneAt: number | null): Promise<void> {
    await this.mutate(key, (state) => {
      const i = state.sends.indexOf(reservedAt)
      if (i < 0) return { result: undefined }
      const sends = [...state.sends]
      if (doneAt === null) sends.splice(i, 1)
      else sends[i] = Math.max(reservedAt, doneAt)
      return { result: undefined, next: { ...state, sends: sends.sort((a, b) => a - b) } }
    })
  }

  private async mutate<R>(key: string, step: (s: PacingState) => { result: R; next?: PacingState }): Promise<R> {
    for (let tries = 0; tries < 50; tries++) {
      const doc = await this.model.findById(key).lean<PacingDoc>()
      const { result, next } = step({
        sends: (doc?.sends ?? []).map((d) => new Date(d).getTime()),
        lastRoom: doc?.lastRoom,
      })
      if (!next) return result
      const fields = { sends: next.sends.map((t) => new Date(t)), lastRoom: next.lastRoom }
      if (!doc) {
        try {
          await this.model.create({ _id: key, v: 1, ...fields })
          return result
        } catch (err) {
          if (isDuplicateKey(err)) continue
          throw err
        }
      }
      const r = await this.model.updateOne({ _id: key, v: doc.v }, { $set: fields, $inc: { v: 1 } })
      if (r.modifiedCount === 1) return result
    }
    throw new Error(`pacing state ${key} is too contended`)
  }
}
