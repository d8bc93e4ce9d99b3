/**
 * A small in-process cache with a time-to-live and a size cap (oldest entry evicted first). Used where a
 * few seconds of staleness is harmless and saves database round trips on every request: a unit's form
 * context and compiled schema, a session's bound unit.
 */
export class TtlCache<V> {
  private entries = new Map<string, { at: number; value: V }>()
  constructor(
    private readonly ttlMs: number,
    private readonly max = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key)
    if (!e) return undefined
    if (this.now() - e.at > this.ttlMs) {
      this.entries.delete(key)
      return undefined
    }
    return e.value
  }

  set(key: string, value: V): V {
    this.entries.delete(key)
    this.entries.set(key, { at: this.now(), value })
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string)
    return value
  }

  delete(key: string): void {
    this.entries.delete(key)
  }

  /** The cached value, or the built one (concurrent misses may both build; the last one is kept). */
  async getOrBuild(key: string, build: () => Promise<V>): Promise<V> {
    return this.get(key) ?? this.set(key, await build())
  }
}
