import type { AdminRole } from './admin-token.js'

/**
 * Finance-bureau staff (财政局绩效管理股) who receive the weekly progress summary of open rounds by
 * e-mail. Managers (分管领导) are a different list: they get the daily overdue digest for their scope.
 * The same list says who may sign in to the web console with `登录` in the bureau group, and as what.
 */
export interface BureauStaff {
  name: string
  email: string
  active: boolean
  /** the console role `登录` signs them in with; absent: bureau_viewer (sees everything, changes nothing) */
  role?: AdminRole
  /** the 主管部门 of a dept_reviewer */
  unitCode?: string
  /** their display name in the bureau group when it is not `name` (e.g. "王芳-绩效股") */
  chatName?: string
}
