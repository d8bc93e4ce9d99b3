import { TtlCache } from '../../cache/ttl-cache.js'
import type { FormCode, FullHead, Submission } from '../../domain/types.js'
import type { UnitState } from './filing-ports.js'

/** A head without its answers: all a write needs to compute the next head and its precondition. */
export type SlimHead = Omit<FullHead, 'answers' | 'computed'>

/** What this process last knew of a round unit: the write's expectations, all checked by its filter. */
export interface KnownUnit extends Pick<
  UnitState,
  'forms' | 'submitted' | 'complete' | 'extensionUntil' | 'reopened' | 'docId'
> {
  heads: Partial<Record<FormCode, SlimHead>>
  /** read just now (a check that objects to it is final), not remembered from an earlier write */
  fresh: boolean
}

export function slim(h: FullHead): SlimHead {
  const { answers: _a, computed: _c, ...rest } = h
  return rest
}

/** A history row's fields as a head (a round unit migrated from before issue 19). */
export function fullHeadOf(s: Submission): FullHead {
  const { roundId: _r, unitCode: _u, form: _f, seq, updatedAt, ...rest } = s
  delete (rest as { __v?: unknown }).__v
  return { ...rest, seq: seq ?? 1, updatedAt: updatedAt ?? s.createdAt }
}

/**
 * The round units this process wrote or read last, so a write needs no read first: its filter asks the
 * database for exactly what it assumed (the head's seq, forms, extension, not locked), so a stale entry
 * costs one read and a retry, never a wrong write. Staleness bound therefore only memory: 10 min, 20,000
 * units (a province), heads without answers.
 */
export class KnownUnits {
  private cache = new TtlCache<KnownUnit>(10 * 60_000, 20_000)

  private key(roundId: string, unitCode: string): string {
    return `${roundId}|${unitCode}`
  }

  get(roundId: string, unitCode: string): KnownUnit | undefined {
    return this.cache.get(this.key(roundId, unitCode))
  }

  /** Remembers a unit as just read. */
  read(roundId: string, unitCode: string, ru: UnitState): KnownUnit {
    const heads: KnownUnit['heads'] = {}
    for (const [f, h] of Object.entries(ru.heads)) if (h) heads[f as FormCode] = slim(h)
    const known = {
      forms: ru.forms,
      // raw documents (read through the driver): a unit written by hand may lack either
      submitted: ru.submitted ?? [],
      complete: ru.complete ?? false,
      extensionUntil: ru.extensionUntil,
      reopened: ru.reopened,
      docId: ru.docId,
      heads,
    }
    this.cache.set(this.key(roundId, unitCode), {
      ...known,
      submitted: [...known.submitted],
      heads: { ...heads },
      fresh: false,
    })
    return { ...known, fresh: true }
  }

  /**
   * Remembers a head this process wrote (unless a later one is known already); `final`: the form is in
   * `submitted` now, and `completes`: the unit is complete.
   */
  wrote(roundId: string, unitCode: string, form: FormCode, head: FullHead, final = false, completes = false): void {
    const known = this.get(roundId, unitCode)
    if (!known) return
    const had = known.heads[form]
    if (!had || had.seq < head.seq) known.heads[form] = slim(head)
    if (final && !known.submitted.includes(form)) known.submitted.push(form)
    if (completes) known.complete = true
  }

  forget(roundId: string, unitCode: string): void {
    this.cache.delete(this.key(roundId, unitCode))
  }
}
