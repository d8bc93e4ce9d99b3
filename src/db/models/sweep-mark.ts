import { Schema, type Connection, type Model } from 'mongoose'

/**
 * "This reminder slot of this round has been planned into the outbox": written after the sweep's
 * enqueueMany succeeded, e.g. { roundId, rule: 'before-3@2027-07-10' }. A slot stays open for hours and
 * the sweep runs every 5 minutes; without the mark each run would re-read every incomplete unit and
 * offer 16,000 duplicate keys to the outbox. Losing a mark (crash between the insert and the mark) only
 * costs one more sweep: the outbox keys still make it send nothing twice.
 */
export interface SweepMark {
  roundId: string
  rule: string
  at: Date
}

const sweepMarkSchema = new Schema<SweepMark>({
  roundId: { type: String, required: true },
  rule: { type: String, required: true },
  at: { type: Date, required: true },
})
sweepMarkSchema.index({ roundId: 1, rule: 1 }, { unique: true })

export function sweepMarkModel(conn: Connection): Model<SweepMark> {
  return (
    (conn.models.SweepMark as Model<SweepMark>) ?? conn.model<SweepMark>('SweepMark', sweepMarkSchema, 'sweep_marks')
  )
}
