import type { Clock } from '../../clock.js'
import type { PlatformEntry, PlatformEntrySource } from '../../domain/platform-entry.js'
import { AppError } from '../../errors.js'

/** Where the entries are kept (src/db/repositories/platform-entry-repository.ts). */
export interface PlatformEntryStore {
  roundExists(roundId: string): Promise<boolean>
  /** the ids of the open rounds */
  openRoundIds(): Promise<string[]>
  /** sets `entry` on those of the units that have none */
  mark(roundId: string, unitCodes: readonly string[], entry: PlatformEntry): Promise<void>
  entries(roundId: string, unitCodes: readonly string[]): Promise<{ unitCode: string; platformEntry?: PlatformEntry }[]>
  clear(roundId: string, unitCode: string): Promise<boolean>
}

export interface MarkResult {
  /** entered by this call */
  marked: string[]
  /** entered before (their first entry stands) */
  already: { unitCode: string; platformEntry: PlatformEntry }[]
  /** codes not in the round */
  notInRound: string[]
}

/**
 * "Entered in the platform" per unit and round (src/domain/platform-entry.ts): the chat's 已录入, the
 * bureau's marks (chat and admin API) and a platform status import all go through markEntered. Whether
 * a unit may say so itself (its forms submitted) is the chat's check; the bureau and an import may mark
 * any unit of the round.
 */
export class PlatformEntryService {
  constructor(
    private readonly store: PlatformEntryStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Idempotent: a unit already entered keeps its first entry. Throws 404 when the round does not exist.
   * With `dryRun` it answers what it would do and writes nothing (the status import's preview).
   */
  async markEntered(
    roundId: string,
    unitCodes: readonly string[],
    source: PlatformEntrySource,
    by: string,
    options: { dryRun?: boolean } = {},
  ): Promise<MarkResult> {
    if (!(await this.store.roundExists(roundId))) throw AppError.notFound('监控轮次不存在')
    const codes = [...new Set(unitCodes)]
    const before = await this.store.entries(roundId, codes)
    const inRound = new Set(before.map((r) => r.unitCode))
    const already = before.flatMap((r) =>
      r.platformEntry ? [{ unitCode: r.unitCode, platformEntry: r.platformEntry }] : [],
    )
    const fresh = before.filter((r) => !r.platformEntry).map((r) => r.unitCode)
    if (fresh.length > 0 && !options.dryRun) await this.store.mark(roundId, fresh, { at: this.clock.now(), by, source })
    return { marked: fresh, already, notInRound: codes.filter((c) => !inRound.has(c)) }
  }

  /**
   * The round an import is for: the one named (404 when it does not exist), else the open round — none
   * or several open is a 400 asking for `roundId`, since marking the wrong round would go unnoticed.
   */
  async roundFor(roundId: string | undefined): Promise<string> {
    if (roundId) {
      if (!(await this.store.roundExists(roundId))) throw AppError.notFound('监控轮次不存在')
      return roundId
    }
    const open = await this.store.openRoundIds()
    if (open.length === 1) return open[0]
    throw AppError.badRequest(
      open.length === 0
        ? '没有进行中的监控轮次，请用 roundId 指定轮次'
        : `有 ${open.length} 个进行中的监控轮次，请用 roundId 指定轮次`,
      { openRounds: open },
    )
  }

  /** One unit, for the admin API: its entry after the call. */
  async markUnit(
    roundId: string,
    unitCode: string,
    source: PlatformEntrySource,
    by: string,
  ): Promise<{ unitCode: string; platformEntry: PlatformEntry; already: boolean }> {
    const r = await this.markEntered(roundId, [unitCode], source, by)
    if (r.notInRound.length > 0) throw AppError.notFound('该单位不在本轮填报范围内')
    const [row] = await this.store.entries(roundId, [unitCode])
    if (!row?.platformEntry) throw AppError.notFound('该单位不在本轮填报范围内')
    return { unitCode, platformEntry: row.platformEntry, already: r.already.length > 0 }
  }

  /** The bureau clears a unit's entry (marked by mistake, or the platform rejected it). */
  async clear(roundId: string, unitCode: string): Promise<{ unitCode: string; entered: false }> {
    if (!(await this.store.roundExists(roundId))) throw AppError.notFound('监控轮次不存在')
    if (!(await this.store.clear(roundId, unitCode))) throw AppError.notFound('该单位不在本轮填报范围内')
    return { unitCode, entered: false }
  }
}
