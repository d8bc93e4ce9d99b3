import { pino, type Logger } from 'pino'

export type { Logger }

/** Structured JSON logs (pipe through `npx pino-pretty` to read them in a terminal). */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { app: 'tianbao', ...base }, timestamp: pino.stdTimeFunctions.isoTime })
}
