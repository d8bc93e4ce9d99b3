import { ConfigError } from '../src/config.js'
import { StartupError } from '../src/db/connect.js'

/** A wrong command line: the script prints the message (with its usage) and exits 2. */
export class UsageError extends Error {}

/**
 * Runs a script's main and exits with its code. An expected failure — a bad argument, a bad setting, an
 * unreachable database, a taken port — is one line on stderr (`<name>: …`) and a non-zero exit, never a
 * stack trace; anything else is a bug and keeps its stack.
 */
export function runScript(name: string, main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (err: unknown) => {
      // node:util parseArgs throws TypeErrors coded ERR_PARSE_ARGS_* for unknown options and stray words
      const usage = err instanceof UsageError || String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
      const expected = usage || err instanceof ConfigError || err instanceof StartupError
      console.error(`${name}: ${expected ? (err as Error).message : err instanceof Error ? err.stack : String(err)}`)
      process.exit(usage ? 2 : 1)
    },
  )
}
