import { STATUS_LABELS as STATUS } from '../domain/status-labels.js'
import type { Task } from '../services/filing/task-service.js'

/** The statuses a clerk can still fill in. */
export const FILLABLE: readonly Task['status'][] = ['missing', 'draft', 'returned']

/** Where a table stands: "已提交，第 1 版" in the 填报 list, "已提交（第 1 版）" in 进度. */
export function standing(t: Task, inParens = false): string {
  if (!t.version || t.status === 'missing') return STATUS[t.status]
  return inParens ? `${STATUS[t.status]}，第 ${t.version} 版` : `${STATUS[t.status]}（第 ${t.version} 版）`
}

/**
 * The unit's tables of the current round(s), numbered in the task service's fixed order: 填报 and 进度
 * show the same numbers, and a table keeps its number when another is submitted ("2" typed from a list
 * seen a moment ago still means the table shown as 2). Several rounds: each line names its round.
 */
export function numbered(tasks: readonly Task[], line: (t: Task) => string): string[] {
  const rounds = new Set(tasks.map((t) => t.roundId)).size
  return tasks.map((t, i) => `${i + 1}. ${rounds > 1 ? `${t.roundTitle}·` : ''}${line(t)}`)
}
