import type { Connection } from 'mongoose'
import { TtlCache } from '../../cache/ttl-cache.js'
import { mpUserModel } from '../models/mp-user.js'

/**
 * Staleness bound of the bound-unit cache: every mini-program request asks which unit its user is bound
 * to; a bind through this repository updates the entry at once, a bind in another process is seen here
 * within 5 s.
 */
const BOUND_UNIT_TTL_MS = 5000

/** Mini-program users (MpSessionService's MpUserStore) on MongoDB, one per openid. */
export class MpUserRepository {
  private users
  private boundUnits = new TtlCache<{ unitCode?: string } | null>(BOUND_UNIT_TTL_MS, 20_000)
  constructor(conn: Connection) {
    this.users = mpUserModel(conn)
  }

  /** Records a login (creating the user on the first); the unit they are bound to, if any. */
  async loggedIn(openid: string, unionid: string | undefined, at: Date): Promise<{ unitCode?: string }> {
    const user = await this.users
      .findOneAndUpdate(
        { openid },
        { $set: { lastLoginAt: at, ...(unionid ? { unionid } : {}) } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean()
    return { unitCode: user?.unitCode }
  }

  /** The user's bound unit (null: no such user), kept BOUND_UNIT_TTL_MS. */
  boundUnit(openid: string): Promise<{ unitCode?: string } | null> {
    return this.boundUnits.getOrBuild(openid, async () => {
      const u = await this.users.findOne({ openid }, { unitCode: 1 }).lean()
      return u ? { unitCode: u.unitCode } : null
    })
  }

  /** The user's bound unit, read now. */
  async unitCodeOf(openid: string): Promise<string | undefined> {
    return (await this.users.findOne({ openid }, { unitCode: 1 }).lean())?.unitCode
  }

  async bind(openid: string, unitCode: string, at: Date): Promise<void> {
    await this.users.updateOne({ openid }, { $set: { unitCode, boundAt: at } })
    this.boundUnits.set(openid, { unitCode })
  }
}
