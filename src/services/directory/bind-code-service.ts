import { randomInt } from 'node:crypto'
import type { Clock } from '../../clock.js'
import { AppError } from '../../errors.js'

// no 0/O, 1/I/L: codes are read aloud and typed on phones
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
const LENGTH = 8

/**
 * How often one client may try a bind code, on every channel: per IP on POST /api/mp/bind, per person
 * and per room for `绑定` in chat. A code has 31^8 values, so this makes guessing hopeless, while a
 * person who mistypes still gets a dozen tries.
 */
export const BIND_ATTEMPTS = { windowMs: 60_000, max: 20 } as const

function newCode(): string {
  let s = ''
  for (let i = 0; i < LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)]
  return s
}

/** Where the codes are kept (src/db/repositories/bind-code-repository.ts). */
export interface BindCodeStore {
  codeOf(unitCode: string): Promise<string | null>
  unitOf(code: string): Promise<string | null>
  /**
   * Gives the unit `code`: replacing its code (`rotate`), or only when it has none yet. False when the
   * code is another unit's or a concurrent first put won (the caller retries or reads the winner).
   */
  put(unitCode: string, code: string, rotate: boolean, now: Date): Promise<boolean>
}

/** One code per unit, shared by the chat bot (`绑定 <code>`) and the mini-program (POST /api/mp/bind). */
export class BindCodeService {
  constructor(
    private readonly codes: BindCodeStore,
    private readonly units: { exists(code: string): Promise<boolean> },
    private readonly clock: Clock,
  ) {}

  /** The unit's current code, created on first use. */
  async get(unitCode: string): Promise<string> {
    const existing = await this.codes.codeOf(unitCode)
    if (existing) return existing
    return this.write(unitCode, false)
  }

  /** A new code; the old one stops working, people and groups already bound stay bound. */
  rotate(unitCode: string): Promise<string> {
    return this.write(unitCode, true)
  }

  /** The unit a code belongs to, or null. Codes are matched case-insensitively, spaces ignored. */
  async resolve(code: string): Promise<string | null> {
    const norm = code.replace(/\s+/g, '').toUpperCase()
    if (!/^[A-Z0-9]{4,16}$/.test(norm)) return null
    return this.codes.unitOf(norm)
  }

  private async write(unitCode: string, rotate: boolean): Promise<string> {
    if (!(await this.units.exists(unitCode))) throw AppError.notFound(`单位 ${unitCode} 不存在`)
    const now = this.clock.now()
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = newCode()
      if (await this.codes.put(unitCode, code, rotate, now)) {
        if (!rotate) return (await this.codes.codeOf(unitCode)) ?? code
        return code
      }
      // a collision with another unit's code (retry) or a concurrent first get (read the winner)
      const winner = !rotate ? await this.codes.codeOf(unitCode) : null
      if (winner) return winner
    }
    throw AppError.conflict('bind_code_busy', '生成绑定码失败，请重试')
  }
}
