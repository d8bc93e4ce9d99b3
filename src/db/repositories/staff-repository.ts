import type { Connection } from 'mongoose'
import type { BureauStaff } from '../../domain/bureau-staff.js'
import { bureauStaffModel } from '../models/bureau-staff.js'

/** The bureau's staff list (who gets the weekly summary, who may sign in to the console), for the admin CLI. */
export class StaffRepository {
  private staff
  constructor(conn: Connection) {
    this.staff = bureauStaffModel(conn)
  }

  /** adds or updates the entry with this e-mail address (the list's key), active */
  async upsert(s: Omit<BureauStaff, 'active'>): Promise<void> {
    const unset = Object.fromEntries(
      (['role', 'unitCode', 'chatName'] as const).filter((k) => !s[k]).map((k) => [k, 1]),
    )
    await this.staff.updateOne(
      { email: s.email },
      { $set: { ...s, active: true }, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
      { upsert: true },
    )
  }

  /** how many active entries of that name were deactivated */
  async deactivate(name: string): Promise<number> {
    return (await this.staff.updateMany({ name, active: true }, { $set: { active: false } })).modifiedCount
  }

  list(): Promise<BureauStaff[]> {
    return this.staff
      .find({ active: true }, { _id: 0, __v: 0, createdAt: 0, updatedAt: 0 })
      .sort({ name: 1 })
      .lean<BureauStaff[]>()
  }
}
