import type { JobModule } from './job.js'
import { escalateOverdue } from './escalate-overdue.js'
import { parkIdleDialogs } from './park-idle-dialogs.js'
import { sendDigests } from './send-digests.js'
import { sweepReminders } from './sweep-reminders.js'
import { noticeFollowUps } from './notice-follow-ups.js'
import { repairSubmissionHistory } from './repair-submission-history.js'

/** A job's data type is checked by its own zod schema at run time (jobs/index.ts), so the list erases it. */
const erase = <D>(job: JobModule<D>): JobModule<never> => job as unknown as JobModule<never>

/** Every job the worker role registers. The count stays fixed: jobs sweep rounds, never one job per unit. */
export const allJobs: JobModule<never>[] = [
  erase(sweepReminders),
  erase(escalateOverdue),
  erase(sendDigests),
  erase(parkIdleDialogs),
  erase(noticeFollowUps),
  erase(repairSubmissionHistory),
]
