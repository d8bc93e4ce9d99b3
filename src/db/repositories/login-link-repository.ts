import type { Connection } from 'mongoose'
import type { LoginLink } from '../../domain/login-link.js'
import { loginLinkModel } from '../models/login-link.js'

/** One-time console links (ConsoleLogin's LoginLinkStore) on MongoDB. */
export class LoginLinkRepository {
  private links
  constructor(conn: Connection) {
    this.links = loginLinkModel(conn)
  }

  async insert(link: LoginLink): Promise<void> {
    await this.links.create(link)
  }

  /**
   * Marks the link used and returns it, in one single-document update: of two exchanges racing with
   * the same link exactly one gets it. Null when unknown, used or expired at `now`.
   */
  async use(hash: string, now: Date): Promise<LoginLink | null> {
    return this.links
      .findOneAndUpdate(
        { hash, usedAt: { $exists: false }, expiresAt: { $gt: now } },
        { $set: { usedAt: now } },
        { returnDocument: 'after', projection: { _id: 0, __v: 0 } },
      )
      .lean<LoginLink>()
  }
}
