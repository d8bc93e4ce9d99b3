import { Schema, type Connection, type Model } from 'mongoose'
import type { Project } from '../../domain/types.js'
import { indicatorSchema } from './unit.js'

const budgetLine = new Schema({ initial: { type: Number, required: true }, adjusted: Number }, { _id: false })

const projectSchema = new Schema<Project>(
  {
    unitCode: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    funds: {
      total: { type: budgetLine, required: true },
      fiscal: { type: budgetLine, required: true },
      other: { type: budgetLine, required: true },
    },
    goal: { type: String, default: '' },
    indicators: { type: [indicatorSchema], default: [] },
    countyArranged: { type: new Schema({ arranged: Number }, { _id: false }), required: false },
    platformExecuted: {
      type: new Schema({ total: Number, fiscal: Number, other: Number }, { _id: false }),
      required: false,
    },
  },
  { timestamps: true },
)
projectSchema.index({ unitCode: 1, code: 1 }, { unique: true })

export function projectModel(conn: Connection): Model<Project> {
  return (conn.models.Project as Model<Project>) ?? conn.model<Project>('Project', projectSchema)
}
