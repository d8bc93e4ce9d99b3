import { isValidObjectId, type Connection } from 'mongoose'
import type { Channel, FormCode, Submission, SubmissionStatus } from '../../domain/types.js'
import { VersionTaken, type NewSubmission } from '../../domain/new-submission.js'
import { submissionModel, toSubmission, type SubmissionDoc } from '../models/submission.js'
import { isDuplicateKey } from '../duplicate-key.js'
import { SubmissionHistory } from './submission-history.js'

/** The services' SubmissionStore on MongoDB (the ports file of the services; db/ does not import it, the composition checks the fit). */
export class SubmissionRepository {
  private model
  /** the appends after the head (the services' HistoryAppends port, delegated below) */
  readonly appends: SubmissionHistory
  constructor(conn: Connection) {
    this.model = submissionModel(conn)
    this.appends = new SubmissionHistory(conn)
  }

  newId: SubmissionHistory['newId'] = () => this.appends.newId()
  append: SubmissionHistory['append'] = (...a) => this.appends.append(...a)
  seqs: SubmissionHistory['seqs'] = (...a) => this.appends.seqs(...a)

  async findById(id: string): Promise<Submission | null> {
    if (!isValidObjectId(id)) return null
    const doc = await this.model.findById(id).lean<SubmissionDoc>()
    return doc ? toSubmission(doc) : null
  }

  async latest(roundId: string, unitCode: string, form: FormCode): Promise<Submission | null> {
    const doc = await this.model.findOne({ roundId, unitCode, form }).sort({ version: -1 }).lean<SubmissionDoc>()
    return doc ? toSubmission(doc) : null
  }

  async history(roundId: string, unitCode: string, form: FormCode): Promise<Submission[]> {
    const docs = await this.model.find({ roundId, unitCode, form }).sort({ version: 1 }).lean<SubmissionDoc[]>()
    return docs.map(toSubmission)
  }

  /**
   * A round's submissions without their answers, by unit, form and version; served by { roundId,
   * unitCode, form, version } or { roundId, status }. `unitCode` a list: any of them.
   */
  async listed(q: {
    roundId: string
    unitCode?: string | string[]
    form?: FormCode
    status?: SubmissionStatus
    limit: number
    offset: number
  }): Promise<Omit<Submission, 'answers' | 'computed'>[]> {
    const filter: Record<string, unknown> = { roundId: q.roundId }
    if (q.form) filter.form = q.form
    if (q.status) filter.status = q.status
    if (Array.isArray(q.unitCode)) filter.unitCode = { $in: q.unitCode }
    else if (q.unitCode !== undefined) filter.unitCode = q.unitCode
    const docs = await this.model
      .find(filter, { answers: 0, computed: 0, __v: 0 })
      .sort({ unitCode: 1, form: 1, version: 1 })
      .skip(q.offset)
      .limit(q.limit)
      .lean<SubmissionDoc[]>()
    return docs.map(toSubmission)
  }

  /**
   * Version and status of every version of the unit's forms in these rounds, latest version first: one
   * query, { roundId: $in, unitCode } rides the version index.
   */
  versionsIn(
    roundIds: readonly string[],
    unitCode: string,
  ): Promise<Pick<Submission, 'roundId' | 'form' | 'version' | 'status'>[]> {
    return this.model
      .find({ roundId: { $in: [...roundIds] }, unitCode }, { roundId: 1, form: 1, version: 1, status: 1 })
      .sort({ version: -1 })
      .lean<Pick<Submission, 'roundId' | 'form' | 'version' | 'status'>[]>()
  }

  /** The same with each version's comment, read through the driver (no casting needed). */
  statusesIn(
    roundIds: readonly string[],
    unitCode: string,
  ): Promise<Pick<Submission, 'roundId' | 'form' | 'version' | 'status' | 'comment'>[]> {
    return this.model.collection
      .find<Pick<Submission, 'roundId' | 'form' | 'version' | 'status' | 'comment'>>(
        { unitCode, roundId: { $in: [...roundIds] } },
        { projection: { roundId: 1, form: 1, version: 1, status: 1, comment: 1 }, sort: { version: -1 } },
      )
      .toArray()
  }

  /** A round's non-draft versions of a form (of the units in `unitCodes`, or all), by unit and version. */
  async nonDrafts(roundId: string, form: FormCode, unitCodes?: readonly string[]): Promise<Submission[]> {
    const filter: Record<string, unknown> = { roundId, form, status: { $ne: 'draft' } }
    if (unitCodes) filter.unitCode = { $in: [...unitCodes] }
    return (await this.model.find(filter, { __v: 0 }).sort({ unitCode: 1, version: 1 }).lean<SubmissionDoc[]>()).map(
      toSubmission,
    )
  }

  async insert(s: NewSubmission): Promise<Submission> {
    try {
      const doc = await this.model.create(s)
      return toSubmission(doc.toObject())
    } catch (err) {
      if (isDuplicateKey(err)) throw new VersionTaken(`version ${s.version} exists`)
      throw err
    }
  }

  async updateDraft(
    id: string,
    patch: { answers: Record<string, unknown>; by: string; channel: Channel },
  ): Promise<Submission | null> {
    const doc = await this.model
      .findOneAndUpdate({ _id: id, status: 'draft' }, { $set: patch }, { returnDocument: 'after' })
      .lean<SubmissionDoc>()
    return doc ? toSubmission(doc) : null
  }

  async transition(id: string, from: SubmissionStatus[], patch: Partial<Submission>): Promise<Submission | null> {
    const doc = await this.model
      .findOneAndUpdate({ _id: id, status: { $in: from } }, { $set: patch }, { returnDocument: 'after' })
      .lean<SubmissionDoc>()
    return doc ? toSubmission(doc) : null
  }
}
