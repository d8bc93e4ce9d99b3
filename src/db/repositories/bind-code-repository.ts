import type { Connection } from 'mongoose'
import { bindCodeModel } from '../models/bind-code.js'
import { isDuplicateKey } from '../duplicate-key.js'

/** The units' bind codes (BindCodeService's BindCodeStore) on MongoDB: unique by unit and by code. */
export class BindCodeRepository {
  private codes
  constructor(conn: Connection) {
    this.codes = bindCodeModel(conn)
  }

  async codeOf(unitCode: string): Promise<string | null> {
    return (await this.codes.findOne({ unitCode }, { code: 1 }).lean())?.code ?? null
  }

  async unitOf(code: string): Promise<string | null> {
    return (await this.codes.findOne({ code }, { unitCode: 1 }).lean())?.unitCode ?? null
  }

  /**
   * Gives the unit `code`: replacing its code (`rotate`), or only when it has none yet. False on
   * a unique-index collision (the code is another unit's, or a concurrent first put won).
   */
  async put(unitCode: string, code: string, rotate: boolean, now: Date): Promise<boolean> {
    const filter = rotate ? { unitCode } : { unitCode, code: { $exists: false } }
    const update = rotate
      ? { $set: { code, rotatedAt: now }, $setOnInsert: { createdAt: now } }
      : { $set: { code, createdAt: now } }
    try {
      await this.codes.updateOne(filter, update, { upsert: true })
      return true
    } catch (err) {
      if (isDuplicateKey(err)) return false
      throw err
    }
  }
}
