import { ObjectId, type Collection } from 'mongodb'
import type { Connection } from 'mongoose'
import {
  FORM_CODES,
  type FormCode,
  type FullHead,
  type HeadWrite,
  type HeadWritten,
  type RoundUnit,
  type SubmissionStatus,
  type UnitState,
} from '../../domain/types.js'
import { roundUnitModel } from '../models/round-unit.js'
import { GroupedUpdates } from '../grouped-updates.js'

type Progress = Pick<RoundUnit, 'forms' | 'submitted' | 'complete'>

/** A round unit as the history repair reads it: its heads' ids and seqs, and what decides `complete`. */
type RepairCandidate = Pick<RoundUnit, 'roundId' | 'unitCode' | 'forms' | 'submitted' | 'complete'> & {
  heads?: Partial<Record<FormCode, Pick<FullHead, 'id' | 'seq'>>>
}

const PROGRESS = { _id: 0, forms: 1, submitted: 1, complete: 1 }

/** When a unit completed by this head's write completed: when the head was submitted. */
const completedAt = (head: FullHead): Date => head.submittedAt ?? head.updatedAt

/**
 * The heads on the round units (issue 19): the one conditional write of a submit, a draft save or a
 * review, and the reads behind its slow path and the history repair. Through the driver: the heads are
 * plain data and the hot path is worth no casting; `updatedAt` is set here as mongoose's timestamps would.
 */
export class RoundUnitHeads {
  private model
  /** head writes that need nothing back, group-committed across units (round units are never deleted) */
  private grouped: GroupedUpdates
  constructor(conn: Connection) {
    this.model = roundUnitModel(conn)
    this.grouped = new GroupedUpdates(() => this.model.collection as unknown as Collection)
  }

  private get col() {
    return this.model.collection
  }

  async unitState(roundId: string, unitCode: string): Promise<UnitState | null> {
    const ru = await this.col.findOne<Omit<UnitState, 'docId'> & { _id: ObjectId }>(
      { roundId, unitCode },
      {
        projection: {
          forms: 1,
          submitted: 1,
          complete: 1,
          extensionUntil: 1,
          reopened: 1,
          locked: 1,
          fullHeads: 1,
          heads: 1,
        },
      },
    )
    if (!ru) return null
    const { _id, ...state } = ru
    return { ...state, heads: ru.heads ?? {}, docId: _id.toHexString() }
  }

  /**
   * The one write of a submit or a draft save: `head` becomes the form's head if the head is still at
   * `expectedSeq` (null: no head yet), the unit still files the form, is not locked, and its extension is
   * still what the head's lateness was computed with (and, with `reopened`, it is still reopened);
   * `final` also adds the form to `submitted`, and sets `complete` when the write completes the unit.
   * Null when any of that does not hold.
   *
   * A draft, or a final write whose `completion` the writer knows (complete already, another form
   * missing, or this form the last one: the filter asks each), needs nothing back: it is a conditional
   * update that shares its command with other units' writes (GroupedUpdates). A final write without it
   * reads the unit's progress back with it (one find-and-modify) and marks the unit complete when due.
   */
  async writeHead(w: HeadWrite): Promise<HeadWritten | null> {
    const filter: Record<string, unknown> = {
      // by the document's id when known: the cheaper lookup on some servers (mongo-java-server scans for
      // the unit's keys), the same document, since the keys are asked too
      ...(w.docId ? { _id: new ObjectId(w.docId) } : {}),
      roundId: w.roundId,
      unitCode: w.unitCode,
      forms: w.form,
      fullHeads: true,
      locked: { $ne: true },
      [`heads.${w.form}.seq`]: w.expectedSeq ?? { $exists: false },
      extensionUntil: w.extensionUntil ?? { $exists: false },
    }
    if (w.reopened) filter.reopened = true
    // an absent field stays absent (the driver would store undefined as null)
    const head = Object.fromEntries(Object.entries(w.head).filter(([, v]) => v !== undefined))
    const set: Record<string, unknown> = { [`heads.${w.form}`]: head, updatedAt: new Date() }
    const update: Record<string, unknown> = { $set: set }
    if (w.final) update.$addToSet = { submitted: w.form }
    const c = w.final ? w.completion : 'none'
    if (c === undefined) return this.writeReadingProgress(w, filter, update)
    if (c === 'already') filter.complete = true
    else if (c !== 'none' && 'missing' in c) {
      filter.forms = { $all: [w.form, c.missing] }
      filter.submitted = { $ne: c.missing }
    } else if (c !== 'none') {
      // exactly these forms (none added meanwhile), every other one submitted, not complete yet
      filter.forms = { $all: [w.form, ...c.completes], $size: new Set([w.form, ...c.completes]).size }
      const others = c.completes.filter((f) => f !== w.form)
      if (others.length) filter.submitted = { $all: others }
      filter.complete = { $ne: true }
      set.complete = true
      set.completedAt = completedAt(w.head)
    }
    const applied = await this.grouped.apply({
      key: `${w.roundId}\u0000${w.unitCode}`,
      filter,
      update,
      // what only this write stores: the head at its seq, with its id and time
      stored: {
        roundId: w.roundId,
        unitCode: w.unitCode,
        [`heads.${w.form}.seq`]: w.head.seq,
        [`heads.${w.form}.id`]: w.head.id,
        [`heads.${w.form}.updatedAt`]: w.head.updatedAt,
      },
    })
    return applied ? { completes: c !== 'none' && typeof c === 'object' && 'completes' in c } : null
  }

  /** A final write that does not know whether it completes the unit: the progress read back decides. */
  private async writeReadingProgress(
    w: HeadWrite,
    filter: Record<string, unknown>,
    update: Record<string, unknown>,
  ): Promise<HeadWritten | null> {
    const ru = (await this.col.findOneAndUpdate(filter, update, {
      returnDocument: 'after',
      projection: PROGRESS,
    })) as Progress | null
    if (!ru) return null
    const completes = !ru.complete && ru.forms.every((f) => ru.submitted.includes(f))
    if (completes) await this.markComplete(w.roundId, w.unitCode, completedAt(w.head))
    return { completes }
  }

  /**
   * A review's one write: the head `id` of the form, if its status is one of `from`, gets the patch and
   * the next seq. The new head, or null (not the head, another status, or heads not kept yet).
   */
  async reviewHead(
    roundId: string,
    unitCode: string,
    form: FormCode,
    id: string,
    from: SubmissionStatus[],
    patch: Partial<FullHead>,
  ): Promise<FullHead | null> {
    const set: Record<string, unknown> = { updatedAt: new Date() }
    for (const [k, v] of Object.entries(patch)) set[`heads.${form}.${k}`] = v
    const ru = await this.col.findOneAndUpdate(
      { roundId, unitCode, fullHeads: true, [`heads.${form}.id`]: id, [`heads.${form}.status`]: { $in: from } },
      { $set: set, $inc: { [`heads.${form}.seq`]: 1 } },
      { returnDocument: 'after', projection: { _id: 0, [`heads.${form}`]: 1 } },
    )
    return (ru?.heads as Partial<Record<FormCode, FullHead>> | undefined)?.[form] ?? null
  }

  /** Heads built from the submissions, once: only while the unit has no full heads (another writer may have). */
  async migrateHeads(roundId: string, unitCode: string, heads: Partial<Record<FormCode, FullHead>>): Promise<void> {
    await this.col.updateOne(
      { roundId, unitCode, fullHeads: { $ne: true } },
      { $set: { heads, fullHeads: true, updatedAt: new Date() } },
    )
  }

  /** `complete` once every form is in (a second write, once per unit). */
  async markComplete(roundId: string, unitCode: string, at: Date): Promise<void> {
    await this.col.updateOne(
      { roundId, unitCode, complete: { $ne: true } },
      { $set: { complete: true, completedAt: at } },
    )
  }

  /** Ids and seqs of the heads of round units written since `since` (the history repair's candidates). */
  async headsSince(since: Date): Promise<RepairCandidate[]> {
    const projection: Record<string, 0 | 1> = { _id: 0, roundId: 1, unitCode: 1, forms: 1, submitted: 1, complete: 1 }
    for (const f of FORM_CODES) Object.assign(projection, { [`heads.${f}.id`]: 1, [`heads.${f}.seq`]: 1 })
    return this.col.find<RepairCandidate>({ updatedAt: { $gte: since }, fullHeads: true }, { projection }).toArray()
  }

  /** One form's head and whether the unit keeps full heads; null when the unit is not in the round. */
  async formHead(
    roundId: string,
    unitCode: string,
    form: FormCode,
  ): Promise<{ fullHeads: boolean; head: FullHead | null } | null> {
    const ru = await this.col.findOne<{ fullHeads?: boolean; heads?: Partial<Record<FormCode, FullHead>> }>(
      { roundId, unitCode },
      { projection: { _id: 0, fullHeads: 1, [`heads.${form}`]: 1 } },
    )
    return ru ? { fullHeads: ru.fullHeads === true, head: ru.heads?.[form] ?? null } : null
  }
}
