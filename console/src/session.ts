import { reactive } from 'vue'

export type Role = 'bureau_admin' | 'bureau_viewer' | 'dept_reviewer'

export interface Me {
  name: string
  role: Role
  unitCode?: string
  expiresAt: string | null
}

const KEY = 'tianbao.console.token'

/**
 * Who is signed in. The token (a session from a one-time link, or a pasted admin token) is kept in
 * localStorage so a reload or a second tab stays signed in until the session expires; `me` is read
 * from GET /api/admin/session after sign-in and on start.
 */
export const session = reactive<{ token: string | null; me: Me | null; notice: string }>({
  token: localStorage.getItem(KEY),
  me: null,
  notice: '',
})

export function signIn(token: string): void {
  localStorage.setItem(KEY, token)
  session.token = token
}

/** Forgets the token; `notice` is shown on the login page (e.g. why the session ended). */
export function signOut(notice = ''): void {
  localStorage.removeItem(KEY)
  session.token = null
  session.me = null
  session.notice = notice
}

export const ROLE_NAMES: Record<Role, string> = {
  bureau_admin: '财政局管理员',
  bureau_viewer: '财政局查看',
  dept_reviewer: '主管部门审核',
}

/** Actions (催报) are the bureau admin's; the others see the same board without buttons. */
export function canAct(): boolean {
  return session.me?.role === 'bureau_admin'
}
