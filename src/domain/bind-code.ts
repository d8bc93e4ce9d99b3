/**
 * The per-unit code a group (`绑定 <code>` in chat) or a mini-program user (POST /api/mp/bind) uses to
 * attach itself to a unit. Rotating replaces the code; bindings already made stay (they store the unit).
 */
export interface BindCode {
  unitCode: string
  code: string
  createdAt: Date
  rotatedAt?: Date
}
