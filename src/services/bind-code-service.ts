import { randomInt } from 'node:crypto'
import type { Connection } from 'mongoose'
import type { Clock } from '../clock.js'
import { bindCodeModel } from '../db/models/bind-code.js'
import { unitModel } from '../db/models/unit.js'
import { isDuplicateKey } from '../db/duplicate-key.js'
import { AppError } from '../errors.js'

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

/** One code per unit, shared by the chat bot (`绑定 <code>`) and the mini-program (POST /api/mp/bind). */
export class BindCodeService {
  private codes
  private units
  constructor(conn: Connection, private readonly clock: Clock) {
    this.codes = bindCodeModel(conn)
    this.units = unitModel(conn)
  }

  /** The unit's current code, created on first use. */
  async get(unitCode: string): Promise<string> {
    const existing = await this.codes.findOne({ unitCode }, { code: 1 }).lean()
    if (existing) return existing.code
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
    const doc = await this.codes.findOne({ code: norm }, { unitCode: 1 }).lean()
    return doc?.unitCode ?? null
  }

  private async write(unitCode: string, rotate: boolean): Promise<string> {
    if (!(await this.units.exists({ code: unitCode }))) throw AppError.notFound(`单位 ${unitCode} 不存在`)
    const now = this.clock.now()
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = newCode()
      try {
        const filter = rotate ? { unitCode } : { unitCode, code: { $exists: false } }
        const update = rotate ? { $set: { code, rotatedAt: now }, $setOnInsert: { createdAt: now } } : { $set: { code, createdAt: now } }
        await this.codes.updateOne(filter, update, { upsert: true })
        if (!rotate) return (await this.codes.findOne({ unitCode }, { code: 1 }).lean())?.code ?? code
        return code
      } catch (err) {
        // a collision with another unit's code (retry) or a concurrent first get (read the winner)
        if (!isDuplicateKey(err)) throw err
        const winner = !rotate ? await this.codes.findOne({ unitCode }, { code: 1 }).lean() : null
        if (winner) return winner.code
      }
    }
    throw AppError.conflict('bind_code_busy', '生成绑定码失败，请重试')
  }
}
