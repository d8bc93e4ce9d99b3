/**
 * A server type as the browser receives it in JSON: every Date is an ISO string, the rest as declared.
 * The console derives its API shapes from the server's own types with it (`Json<NoticeStatus>`), so a
 * field added or renamed on the server is a type error here rather than a silent `undefined`.
 */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T
