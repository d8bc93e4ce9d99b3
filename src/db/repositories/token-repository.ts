import type { Connection } from 'mongoose'
import type { AdminToken } from '../../domain/admin-token.js'
import { adminTokenModel } from '../models/admin-token.js'

/** Admin tokens (TokenService's TokenStore) on MongoDB; ids are the documents' ids as strings. */
export class TokenRepository {
  private tokens
  constructor(conn: Connection) {
    this.tokens = adminTokenModel(conn)
  }

  async insert(t: AdminToken): Promise<string> {
    return String((await this.tokens.create(t))._id)
  }

  async byHash(hash: string): Promise<(AdminToken & { id: string }) | null> {
    const doc = await this.tokens.findOne({ hash }).lean()
    if (!doc) return null
    const { _id, ...t } = doc
    return { ...t, id: String(_id) }
  }

  /** revokes every live token of that name; how many */
  async revokeByName(name: string, at: Date): Promise<number> {
    const r = await this.tokens.updateMany({ name, revokedAt: { $exists: false } }, { $set: { revokedAt: at } })
    return r.modifiedCount
  }

  async revokeById(id: string, at: Date): Promise<boolean> {
    const r = await this.tokens.updateOne({ _id: id, revokedAt: { $exists: false } }, { $set: { revokedAt: at } })
    return r.modifiedCount === 1
  }
}
