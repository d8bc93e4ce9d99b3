import type { Collection } from 'mongodb'

/**
 * The real collection, but its `method` answers with an error after it was applied (as mongo-java-server's
 * "Unknown error: null" might): what a group commit stored must be neither lost nor redone.
 */
export function failsAfterApplying<M extends 'bulkWrite' | 'insertMany'>(coll: Collection, method: M): Collection {
  return new Proxy(coll, {
    get(target, prop, receiver) {
      if (prop !== method) return Reflect.get(target, prop, receiver) as unknown
      return async (...args: unknown[]) => {
        await (target[method] as (...a: unknown[]) => Promise<unknown>).apply(target, args).catch(() => undefined)
        throw new Error('Unknown error: null')
      }
    },
  })
}
