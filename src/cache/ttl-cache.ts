/**
 * The one in-process cache: a time-to-live and a size cap (oldest entry evicted first).
 *
 * Staleness bound: `get` never returns an entry older than `ttlMs`, so a change made elsewhere (another
 * process, or this one past the owner's back) is seen at the latest `ttlMs` after it. The owner drops
 * (`delete`) or replaces (`set`) entries on its own writes, so in its own process it reads its writes.
 * Each repository owns the caches it keeps and documents their bound beside them (round, current rounds,
 * bindings, a person's open dialog, a mini-program user's unit, notice acknowledgement keywords); the two
 * services that memoise a value computed from several reads (a form context, a compiled form) do the same
 * beside theirs.
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
