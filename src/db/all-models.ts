import type { Connection } from 'mongoose'
import { adminTokenModel } from './models/admin-token.js'
import { auditEntryModel } from './models/audit-entry.js'
import { bindCodeModel } from './models/bind-code.js'
import { bindingModel } from './models/binding.js'
import { botStateModel } from './models/bot-state.js'
import { bureauStaffModel } from './models/bureau-staff.js'
import { calendarOverrideModel } from './models/calendar-override.js'
import { chatPendingModel } from './models/chat-pending.js'
import { departmentReviewModel } from './models/department-review.js'
import { dialogModel } from './models/dialog.js'
import { loginLinkModel } from './models/login-link.js'
import { managerModel } from './models/manager.js'
import { mpUserModel } from './models/mp-user.js'
import { noticeModel } from './models/notice.js'
import { projectModel } from './models/project.js'
import { roundUnitModel } from './models/round-unit.js'
import { roundModel } from './models/round.js'
import { submissionModel } from './models/submission.js'
import { sweepMarkModel } from './models/sweep-mark.js'
import { unitModel } from './models/unit.js'
import { outboxModel } from './models/outbox-message.js'

/** What index building needs of a model, whatever its document type. */
export interface IndexedModel {
  modelName: string
  init(): Promise<unknown>
}

const FACTORIES: ReadonlyArray<(conn: Connection) => IndexedModel> = [
  adminTokenModel,
  auditEntryModel,
  bindCodeModel,
  bindingModel,
  botStateModel,
  bureauStaffModel,
  calendarOverrideModel,
  chatPendingModel,
  departmentReviewModel,
  dialogModel,
  loginLinkModel,
  managerModel,
  mpUserModel,
  noticeModel,
  projectModel,
  roundUnitModel,
  roundModel,
  submissionModel,
  sweepMarkModel,
  unitModel,
  outboxModel,
]

/** Every model with secondary indexes, registered on `conn` (a model already registered is reused). */
export function allModels(conn: Connection): IndexedModel[] {
  return FACTORIES.map((f) => f(conn))
}

/**
 * Registers every model and waits until all their indexes exist. Call before the first write: a write
 * racing a collection's first index build can stall on mongo-java-server, and a unique index that is
 * not there yet lets a duplicate in.
 */
export async function buildAllIndexes(conn: Connection): Promise<void> {
  await Promise.all(allModels(conn).map((m) => m.init()))
}
