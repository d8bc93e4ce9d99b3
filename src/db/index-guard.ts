import mongoose, { type Connection, type Schema } from 'mongoose'
import { AppError } from '../errors.js'
import type { IndexKeeper, KeptModel } from './index-keeper.js'

const keepers = new WeakMap<Connection, IndexKeeper>()

/** From now on, writes on `conn` that rely on a unique index wait for `keeper` to have verified it. */
export function guardWrites(conn: Connection, keeper: IndexKeeper): void {
  keepers.set(conn, keeper)
}

/**
 * Before an insert (save of a new document, insertMany, bulkWrite, an upsert) into a collection with a
 * unique index: the index must be there, or the write could create the duplicate the index exists to
 * prevent (two outbox messages with one key → sent twice; two submissions with one version number).
 * Not yet verified since the last (re)connect → checked (and re-created) now; still missing (it cannot be
 * built) → 503 `index_missing`. Connections without a keeper (tests that build their own) are left alone.
 * Inserts straight through the driver (`model.collection.insertMany`) call this themselves.
 */
export async function requireIndexes(model: KeptModel & { db: Connection }): Promise<void> {
  const keeper = keepers.get(model.db)
  if (!keeper || keeper.isReady(model.modelName)) return
  await keeper.ensureModel(model)
  if (!keeper.isReady(model.modelName))
    throw AppError.unavailable('index_missing', '数据库索引缺失，暂不能保存，请稍后重试（已通知运维）', {
      collection: model.collection.name,
    })
}

function indexGuard(schema: Schema): void {
  const unique = schema.indexes().some(([, o]) => (o as { unique?: boolean }).unique === true)
  if (!unique) return
  schema.pre('save', async function () {
    if (this.isNew) await requireIndexes(this.constructor as unknown as KeptModel & { db: Connection })
  })
  schema.pre('insertMany', async function () {
    await requireIndexes(this)
  })
  schema.pre('bulkWrite', async function () {
    await requireIndexes(this)
  })
  schema.pre(['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace'], async function () {
    if (this.getOptions().upsert) await requireIndexes(this.model)
  })
}

// applied to every schema compiled into a model after this module is loaded (container.ts and
// connect.ts import it, so before any model of the application is built)
mongoose.plugin(indexGuard)
