import type { PlatformEntry } from '../../domain/platform-entry.js'
import { isValidObjectId, type Connection } from 'mongoose'
import {
  FORM_CODES,
  type FormCode,
  type Round,
  type RoundStatus,
  type RoundUnit,
  type SubmissionHead,
} from '../../domain/types.js'
import { roundModel, toRound, type RoundDoc } from '../models/round.js'
import { roundUnitModel } from '../models/round-unit.js'
import { TtlCache } from '../../cache/ttl-cache.js'
import { isDuplicateKey } from '../duplicate-key.js'
import { RoundUnitHeads } from './round-unit-heads.js'

/** A round unit without its heads' answers and computed values (the task lists need each form's version and status). */
const WITHOUT_ANSWERS: Record<string, 0> = { _id: 0, __v: 0 }
for (const f of FORM_CODES) Object.assign(WITHOUT_ANSWERS, { [`heads.${f}.answers`]: 0, [`heads.${f}.computed`]: 0 })

/** A change to a round's fields: values to set (dotted paths into reminders/escalation) and fields to remove. */
interface RoundPatch {
  set: Record<string, unknown>
  unset: string[]
}

function update(p: RoundPatch): { $set: Record<string, unknown>; $unset?: Record<string, 1> } {
  return p.unset.length
    ? { $set: p.set, $unset: Object.fromEntries(p.unset.map((f) => [f, 1 as const])) }
    : { $set: p.set }
}

/** The services' RoundReader and UnitHeads on MongoDB (the ports file of the services; db/ does not import it, the composition checks the fit). */
export class RoundRepository {
  private rounds
  private roundUnits
  /**
   * Staleness bound: every write of every unit reads its round; a round changes a few times a season.
   * Kept 2 s, dropped at once on this repository's own changes, so a lock set in another process applies
   * to writes here within 2 s; a scheduled lock (lockAt) is checked against the clock and applies exactly.
   */
  private cache = new TtlCache<Round>(2000)
  /**
   * Staleness bound 5 s: the open and closed rounds, which open and close a few times a year while every
   * 填报 and 进度 asks; dropped at once on this repository's own changes.
   */
  private current = new TtlCache<Round[]>(5000, 1)
  /** the heads' writes and reads (the services' UnitHeads port, delegated below) */
  readonly heads: RoundUnitHeads
  constructor(conn: Connection) {
    this.rounds = roundModel(conn)
    this.roundUnits = roundUnitModel(conn)
    this.heads = new RoundUnitHeads(conn)
  }

  unitState: RoundUnitHeads['unitState'] = (...a) => this.heads.unitState(...a)
  writeHead: RoundUnitHeads['writeHead'] = (...a) => this.heads.writeHead(...a)
  reviewHead: RoundUnitHeads['reviewHead'] = (...a) => this.heads.reviewHead(...a)
  migrateHeads: RoundUnitHeads['migrateHeads'] = (...a) => this.heads.migrateHeads(...a)
  markComplete: RoundUnitHeads['markComplete'] = (...a) => this.heads.markComplete(...a)
  formHead: RoundUnitHeads['formHead'] = (...a) => this.heads.formHead(...a)
  headsSince: RoundUnitHeads['headsSince'] = (...a) => this.heads.headsSince(...a)

  async getRound(id: string): Promise<Round | null> {
    if (!isValidObjectId(id)) return null
    const hit = this.cache.get(id)
    if (hit) return hit
    const doc = await this.rounds.findById(id).lean()
    return doc ? this.cache.set(id, toRound(doc)) : null
  }

  /** Drops the cached round after a change to it. */
  forget(id: string): void {
    this.cache.delete(id)
    this.current.delete('')
  }

  /** The open and closed rounds by due date (cached, see `current`). */
  currentRounds(): Promise<Round[]> {
    return this.current.getOrBuild('', async () =>
      (
        await this.rounds
          .find({ status: { $in: ['open', 'closed'] } })
          .sort({ dueAt: 1 })
          .lean<RoundDoc[]>()
      ).map(toRound),
    )
  }

  /** The unit's rows in these rounds, read through the driver (no casting needed; one read by the unique key for one round). */
  async unitRows(roundIds: readonly string[], unitCode: string): Promise<RoundUnit[]> {
    const projection = WITHOUT_ANSWERS
    if (roundIds.length === 1) {
      const ru = await this.roundUnits.collection.findOne<RoundUnit>({ roundId: roundIds[0], unitCode }, { projection })
      return ru ? [ru] : []
    }
    return this.roundUnits.collection
      .find<RoundUnit>({ roundId: { $in: [...roundIds] }, unitCode }, { projection })
      .toArray()
  }

  /** The round as stored now (not the cached copy). */
  async freshRound(id: string): Promise<Round | null> {
    if (!/^[0-9a-f]{24}$/.test(id)) return null
    const doc = await this.rounds.findById(id).lean<RoundDoc>()
    return doc ? toRound(doc) : null
  }

  /** The round units' platform entries (已录入), by unit code; units without one are left out. */
  async platformEntries(roundId: string, unitCodes: readonly string[]): Promise<Map<string, PlatformEntry>> {
    if (unitCodes.length === 0) return new Map()
    const rows = await this.roundUnits
      .find(
        { roundId, unitCode: { $in: [...unitCodes] }, 'platformEntry.at': { $exists: true } },
        { _id: 0, unitCode: 1, platformEntry: 1 },
      )
      .lean<{ unitCode: string; platformEntry: PlatformEntry }[]>()
    return new Map(rows.map((r) => [r.unitCode, r.platformEntry]))
  }

  /** The latest `limit` rounds by due date that are (or were) open for filing. */
  async recentFiling(limit: number): Promise<Round[]> {
    return (
      await this.rounds
        .find({ status: { $in: ['open', 'closed', 'locked'] } })
        .sort({ dueAt: -1 })
        .limit(limit)
        .lean<RoundDoc[]>()
    ).map(toRound)
  }

  /** The unit's rows in these rounds, their heads without answers (a task list needs version and status). */
  unitIn(roundIds: readonly string[], unitCode: string): Promise<RoundUnit[]> {
    return this.roundUnits.find({ roundId: { $in: [...roundIds] }, unitCode }, WITHOUT_ANSWERS).lean<RoundUnit[]>()
  }

  /** Stores a new round; null when a round of that title exists. */
  async insertRound(fields: Record<string, unknown>): Promise<Round | null> {
    try {
      return toRound((await this.rounds.create(fields)).toObject())
    } catch (err) {
      if (isDuplicateKey(err)) return null
      throw err
    }
  }

  /** Up to 200 rounds, latest first. */
  async listRounds(year?: number): Promise<Round[]> {
    return (
      await this.rounds
        .find(year ? { year } : {})
        .sort({ year: -1, endMonth: -1 })
        .limit(200)
        .lean<RoundDoc[]>()
    ).map(toRound)
  }

  async patchRound(id: string, patch: RoundPatch): Promise<Round | null> {
    const doc = await this.rounds.findByIdAndUpdate(id, update(patch), { returnDocument: 'after' }).lean<RoundDoc>()
    this.forget(id)
    return doc ? toRound(doc) : null
  }

  /** The round's status becomes `to` if it is one of `from`; null otherwise. */
  async transitionRound(id: string, from: RoundStatus[], to: RoundStatus): Promise<Round | null> {
    const doc = await this.rounds
      .findOneAndUpdate({ _id: id, status: { $in: from } }, { $set: { status: to } }, { returnDocument: 'after' })
      .lean<RoundDoc>()
    this.forget(id)
    return doc ? toRound(doc) : null
  }

  /** The round's units with their forms (a unit already planned keeps its row). */
  async planUnits(roundId: string, plan: readonly { unitCode: string; forms: FormCode[] }[]): Promise<void> {
    if (plan.length === 0) return
    await this.roundUnits.bulkWrite(
      plan.map((p) => ({
        updateOne: {
          filter: { roundId, unitCode: p.unitCode },
          update: {
            $setOnInsert: {
              roundId,
              unitCode: p.unitCode,
              forms: p.forms,
              submitted: [],
              complete: false,
              heads: {},
              fullHeads: true,
            },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    )
  }

  /**
   * Sets a unit's extension or reopening; false when the unit is not in the round. Reopening clears the
   * unit's `locked` mark; closing it again with `locked` (the round is locked) sets the mark back.
   */
  async setRoundUnit(
    roundId: string,
    unitCode: string,
    set: { extensionUntil: Date } | { reopened: boolean; locked?: boolean },
  ): Promise<boolean> {
    const update =
      'extensionUntil' in set
        ? { $set: set }
        : set.reopened
          ? { $set: { reopened: true }, $unset: { locked: 1 } }
          : { $set: { reopened: false, ...(set.locked ? { locked: true } : {}) } }
    const r = await this.roundUnits.updateOne({ roundId, unitCode }, update)
    return r.matchedCount > 0
  }

  /** Marks the round's units not reopened as locked (the lock use case, after the round's status). */
  async markLocked(roundId: string): Promise<void> {
    await this.roundUnits.updateMany({ roundId, reopened: { $ne: true } }, { $set: { locked: true } })
  }

  async getRoundUnit(roundId: string, unitCode: string): Promise<RoundUnit | null> {
    return this.roundUnits.findOne({ roundId, unitCode }, { _id: 0, __v: 0 }).lean<RoundUnit>()
  }

  /**
   * The head as the submission service kept it before issue 19 (a head without answers; the tests' round
   * walker records submissions this way). One atomic update in the common case: the head (guarded so a slower writer of an older version
   * cannot move it back) and, for a final submission, the form into `submitted` — then `complete` once,
   * when every form is in.
   */
  async recordHead(
    roundId: string,
    unitCode: string,
    form: FormCode,
    head: SubmissionHead,
    submittedAt?: Date,
  ): Promise<void> {
    const addForm = submittedAt ? { $addToSet: { submitted: form } } : {}
    const projection = { forms: 1, submitted: 1, complete: 1 }
    let ru = await this.roundUnits
      .findOneAndUpdate(
        { roundId, unitCode, heads: { $type: 'object' }, [`heads.${form}.version`]: { $not: { $gt: head.version } } },
        { $set: { [`heads.${form}`]: head }, ...addForm },
        { returnDocument: 'after', projection },
      )
      .lean<Pick<RoundUnit, 'forms' | 'submitted' | 'complete'>>()
    if (!ru && submittedAt)
      ru = await this.roundUnits
        .findOneAndUpdate({ roundId, unitCode }, addForm, { returnDocument: 'after', projection })
        .lean<Pick<RoundUnit, 'forms' | 'submitted' | 'complete'>>()
    if (submittedAt && ru && !ru.complete && ru.forms.every((f) => ru.submitted.includes(f))) {
      await this.roundUnits.updateOne(
        { roundId, unitCode, complete: false },
        { $set: { complete: true, completedAt: submittedAt } },
      )
    }
  }
}
