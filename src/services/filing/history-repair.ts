import type { FormCode, FullHead, RoundUnit } from '../../domain/types.js'
import type { HistoryAppends, UnitHeads } from './filing-ports.js'

/** A round unit written lately, with only its heads' ids and seqs (a cheap read of many). */
export type RecentUnit = Pick<RoundUnit, 'roundId' | 'unitCode' | 'forms' | 'submitted' | 'complete'> & {
  heads?: Partial<Record<FormCode, Pick<FullHead, 'id' | 'seq'>>>
}

export interface RepairReads extends Pick<UnitHeads, 'formHead' | 'markComplete'> {
  /** round units with full heads written since `since` (by their updatedAt index) */
  headsSince(since: Date): Promise<RecentUnit[]>
}

export interface RepairRows extends Pick<HistoryAppends, 'append'> {
  /** the stored seq of these history rows by id (0: a row from before seq); missing ids have no row */
  seqs(ids: readonly string[]): Promise<Map<string, number>>
}

/**
 * Invariant 2 of submission-service.ts, after a crash: writes the history row of every head whose row
 * is missing or older than the head (an append lost between the two writes), equal to the head, and
 * sets `complete` where a crash came before it. Candidates are the round units written since `since`;
 * one `$in` read of their heads' rows says which are behind. Idempotent: run it at start and every few
 * minutes (jobs/repair-submission-history.ts).
 */
export class HistoryRepair {
  constructor(
    private readonly rounds: RepairReads,
    private readonly history: RepairRows,
  ) {}

  async repair(since: Date): Promise<{ rows: number; completed: number }> {
    const units = await this.rounds.headsSince(since)
    const heads = units.flatMap((u) =>
      Object.entries(u.heads ?? {}).flatMap(([form, h]) => (h?.id ? [{ u, form: form as FormCode, h }] : [])),
    )
    const stored = await this.history.seqs(heads.map((x) => x.h.id))
    let rows = 0
    for (const { u, form, h } of heads) {
      if ((stored.get(h.id) ?? -1) >= h.seq) continue
      const now = await this.rounds.formHead(u.roundId, u.unitCode, form)
      if (!now?.head) continue
      await this.history.append(u.roundId, u.unitCode, form, now.head)
      rows++
    }
    let completed = 0
    for (const u of units) {
      if (u.complete || !u.forms.every((f) => u.submitted.includes(f))) continue
      await this.rounds.markComplete(u.roundId, u.unitCode, new Date())
      completed++
    }
    return { rows, completed }
  }
}
