/**
 * What each role of this process is doing, for /readyz and logs. A role that is not ready makes
 * /readyz answer 503 only when `required` (the bot being logged out does not make the API unready).
 */
export interface RoleState {
  state: string
  ready: boolean
  required: boolean
  detail?: Record<string, unknown>
}

export class RoleStatus {
  private roles = new Map<string, RoleState>()

  set(name: string, s: RoleState): void {
    this.roles.set(name, s)
  }

  get(name: string): RoleState | undefined {
    return this.roles.get(name)
  }

  snapshot(): Record<string, RoleState> {
    return Object.fromEntries(this.roles)
  }
}
