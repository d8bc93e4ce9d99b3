import { isValidObjectId, type Connection } from 'mongoose'
import type { FormCode, Round, RoundUnit } from '../../domain/types.js'
import type { RoundReader, RoundUnitWriter } from '../../services/ports.js'
import { roundModel, toRound } from '../models/round.js'
import { roundUnitModel } from '../models/round-unit.js'

export class RoundRepository implements RoundReader, RoundUnitWriter {
  private rounds
  private roundUnits
  constructor(conn: Connection) {
    this.rounds = roundModel(conn)
    this.roundUnits = roundUnitModel(conn)
  }

  async getRound(id: string): Promise<Round | null> {
    if (!isValidObjectId(id)) return null
    const doc = await this.rounds.findById(id).lean()
    return doc ? toRound(doc) : null
  }

  async getRoundUnit(roundId: string, unitCode: string): Promise<RoundUnit | null> {
    return this.roundUnits.findOne({ roundId, unitCode }, { _id: 0, __v: 0 }).lean<RoundUnit>()
  }

  /** Two single-document atomic updates: add the form, then flip `complete` once every form is in. */
  async markFormSubmitted(roundId: string, unitCode: string, form: FormCode, at: Date): Promise<void> {
    const ru = await this.roundUnits
      .findOneAndUpdate({ roundId, unitCode }, { $addToSet: { submitted: form } }, { returnDocument: 'after' })
      .lean<RoundUnit>()
    if (ru && !ru.complete && ru.forms.every((f) => ru.submitted.includes(f))) {
      await this.roundUnits.updateOne({ roundId, unitCode, complete: false }, { $set: { complete: true, completedAt: at } })
    }
  }
}
