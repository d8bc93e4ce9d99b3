import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { ConfigError } from '../../config.js'
import { platformMappingSchema, type PlatformMapping } from './platform-mapping.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

/** The mapping shipped with tianbao, used when PLATFORM_MAPPING is not set. */
export const SHIPPED_PLATFORM_MAPPING = path.join(root, 'mappings/platform/yunnan-2024.yaml')

/** A mapping file that cannot be used: start-up stops with this one line. */
export class PlatformMappingError extends ConfigError {}

/**
 * Reads and validates a platform mapping file (YAML, or JSON, which is YAML too). Called once at
 * start by the composition root; exported so the status import can load the same file the same way.
 * Any problem is one line naming the file, where in it and what is wrong:
 *   platform mapping mappings/platform/x.yaml: layouts.budgetExport.columns.2.unit: unit is only for money fields
 */
export function loadPlatformMapping(file: string = SHIPPED_PLATFORM_MAPPING): PlatformMapping {
  const shown = path.relative(process.cwd(), file) || file
  const fail = (where: string, problem: string) =>
    new PlatformMappingError(`platform mapping ${shown}: ${where ? `${where}: ` : ''}${problem}`)
  let raw: string
  try {
    raw = readFileSync(file, 'utf8')
  } catch (err) {
    throw fail('', `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  let data: unknown
  try {
    data = parse(raw, { prettyErrors: false })
  } catch (err) {
    throw fail('', `not valid YAML (${String((err as Error).message).split('\n')[0]})`)
  }
  const parsed = platformMappingSchema.safeParse(data)
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues
    const more = rest.length ? ` (and ${rest.length} more)` : ''
    throw fail(first.path.map(String).join('.') || '(top)', `${first.message}${more}`)
  }
  return parsed.data
}
