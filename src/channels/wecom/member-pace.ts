/**
 * WeCom drops an app's messages to one member beyond 30 a minute. A sliding window per member: `wait`
 * says how long until every one of these members may get one more message, `record` counts a send.
 * Pure and in-process (one delivery worker sends an app's messages).
 */
export class MemberPace {
  private readonly sent = new Map<string, number[]>()

  constructor(
    private readonly perWindow = 30,
    private readonly windowMs = 60_000,
  ) {}

  /** milliseconds to wait at `now` before a message to all of `userIds` stays within the cap */
  wait(userIds: readonly string[], now: number): number {
    let wait = 0
    for (const id of userIds) {
      const times = this.recent(id, now)
      if (times.length >= this.perWindow)
        wait = Math.max(wait, times[times.length - this.perWindow] + this.windowMs - now)
    }
    return wait
  }

  record(userIds: readonly string[], at: number): void {
    for (const id of userIds) this.sent.set(id, [...this.recent(id, at), at])
  }

  private recent(id: string, now: number): number[] {
    return (this.sent.get(id) ?? []).filter((t) => t > now - this.windowMs)
  }
}
