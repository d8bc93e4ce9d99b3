import { isValidObjectId, type Connection } from 'mongoose'
import type { FormCode, Round, RoundUnit, SubmissionHead } from '../../domain/types.js'
import { roundModel, toRound } from '../models/round.js'
import { roundUnitModel } from '../models/round-unit.js'
import { TtlCache } from '../../cache/ttl-cache.js'

/** The services' RoundReader and RoundUnitWriter on MongoDB (the ports file of the services; db/ does not import it, the composition checks the fit). */
export class RoundRepository {
  private rounds
  private roundUnits
  /**
   * Every write of every unit reads its round; a round changes a few times a season. Kept 2 s, dropped at
   * once on this process's own changes (RoundService calls forget), so a lock set elsewhere applies to
   * writes here within 2 s; a scheduled lock (lockAt) is checked against the clock and applies exactly.
   */
  private cache = new TtlCache<Round>(2000)
  constructor(conn: Connection) {
    this.rounds = roundModel(conn)
    this.roundUnits = roundUnitModel(conn)
  }

  async getRound(id: string): Promise<Round | null> {
    if (!isValidObjectId(id)) return null
    const hit = this.cache.get(id)
    if (hit) return hit
    const doc = await this.rounds.findById(id).lean()
    return doc ? this.cache.set(id, toRound(doc)) : null
  }

  /** Drops the cached round after a change to it. */
  forget(id: string): void {
    this.cache.delete(id)
  }

  async getRoundUnit(roundId: string, unitCode: string): Promise<RoundUnit | null> {
    return this.roundUnits.findOne({ roundId, unitCode }, { _id: 0, __v: 0 }).lean<RoundUnit>()
  }

  /**
   * One atomic update in the common case: the head (guarded so a slower writer of an older version
   * cannot move it back) and, for a final submission, the form into `submitted` — then `complete` once,
   * when every form is in.
   */
  async recordHead(roundId: string, unitCode: string, form: FormCode, head: SubmissionHead, submittedAt?: Date): Promise<void> {
    const addForm = submittedAt ? { $addToSet: { submitted: form } } : {}
    const projection = { forms: 1, submitted: 1, complete: 1 }
    let ru = await this.roundUnits
      .findOneAndUpdate(
        { roundId, unitCode, heads: { $type: 'object' }, [`heads.${form}.version`]: { $not: { $gt: head.version } } },
        { $set: { [`heads.${form}`]: head }, ...addForm },
        { returnDocument: 'after', projection },
      )
      .lean<Pick<RoundUnit, 'forms' | 'submitted' | 'complete'>>()
    if (!ru && submittedAt) ru = await this.roundUnits.findOneAndUpdate({ roundId, unitCode }, addForm, { returnDocument: 'after', projection }).lean<Pick<RoundUnit, 'forms' | 'submitted' | 'complete'>>()
    if (submittedAt && ru && !ru.complete && ru.forms.every((f) => ru.submitted.includes(f))) {
      await this.roundUnits.updateOne({ roundId, unitCode, complete: false }, { $set: { complete: true, completedAt: submittedAt } })
    }
  }
}
