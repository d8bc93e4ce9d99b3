import type { Logger } from '../src/logger.js'

/**
 * Logs a run of repeated bot errors at exponentially spaced counts (1st, 2nd, 4th, 8th, …), so a puppet
 * that cannot reach WeChat — offline, it fails every few seconds — writes a dozen lines a day instead of
 * thousands. The first error of a run also says how to run without the bot. A login ends the run.
 */
export class ErrorLog {
  private count = 0

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  error(err: Error): void {
    this.count++
    if (!shouldLog(this.count)) return
    const hint = this.count === 1 ? '; the API and worker carry on — to run without the bot, set ROLES=api,worker' : ''
    this.logger.error({ err: err.message, repeated: this.count }, `${this.what}${hint}`)
  }

  reset(): void {
    this.count = 0
  }
}

/** true for 1, 2, 4, 8, …: the counts at which a repeated error is logged again */
export function shouldLog(count: number): boolean {
  return count > 0 && (count & (count - 1)) === 0
}
