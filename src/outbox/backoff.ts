/**
 * How long to wait before retry number `attempt` (1 = after the first failure): 30 s, 1 min, 2 min,
 * 4 min … capped at an hour. Deterministic (no jitter): senders are few and paced, so retries of many
 * messages do not stampede, and tests can predict the instant.
 */
export function retryDelayMs(attempt: number, baseMs = 30_000, capMs = 3_600_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1))
}
