import { isValidObjectId, type Connection } from 'mongoose'
import type { Channel, FormCode, Submission, SubmissionStatus } from '../../domain/types.js'
import { VersionTaken, type NewSubmission } from '../../domain/new-submission.js'
import { submissionModel, toSubmission, type SubmissionDoc } from '../models/submission.js'
import { isDuplicateKey } from '../duplicate-key.js'

/** The services' SubmissionStore on MongoDB (the ports file of the services; db/ does not import it, the composition checks the fit). */
export class SubmissionRepository {
  private model
  constructor(conn: Connection) {
    this.model = submissionModel(conn)
  }

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

  async insert(s: NewSubmission): Promise<Submission> {
    try {
      const doc = await this.model.create(s)
      return toSubmission(doc.toObject())
    } catch (err) {
      if (isDuplicateKey(err)) throw new VersionTaken(`version ${s.version} exists`)
      throw err
    }
  }

  async updateDraft(id: string, patch: { answers: Record<string, unknown>; by: string; channel: Channel }): Promise<Submission | null> {
    const doc = await this.model.findOneAndUpdate({ _id: id, status: 'draft' }, { $set: patch }, { returnDocument: 'after' }).lean<SubmissionDoc>()
    return doc ? toSubmission(doc) : null
  }

  async transition(id: string, from: SubmissionStatus[], patch: Partial<Submission>): Promise<Submission | null> {
    const doc = await this.model.findOneAndUpdate({ _id: id, status: { $in: from } }, { $set: patch }, { returnDocument: 'after' }).lean<SubmissionDoc>()
    return doc ? toSubmission(doc) : null
  }
}
