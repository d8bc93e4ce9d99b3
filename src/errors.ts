/**
 * A request or program failure with an HTTP status and a stable code. `expose` says whether the message
 * may be shown to the caller; the error middleware (src/http/middleware/errors.ts) is the one place that
 * turns it into `{ error: { code, message, details } }`. A user's wrong answer in chat is NOT an AppError:
 * the form engine returns it as data.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly expose = status < 500,
  ) {
    super(message)
    this.name = 'AppError'
  }

  static badRequest(message: string, details?: unknown) {
    return new AppError(400, 'bad_request', message, details)
  }
  static unauthorized(message = '请先登录') {
    return new AppError(401, 'unauthorized', message)
  }
  static forbidden(message = '无权访问') {
    return new AppError(403, 'forbidden', message)
  }
  static notFound(message = '未找到') {
    return new AppError(404, 'not_found', message)
  }
  static conflict(code: string, message: string, details?: unknown) {
    return new AppError(409, code, message, details)
  }
  static invalid(message: string, details?: unknown) {
    return new AppError(422, 'validation_failed', message, details)
  }
  /** a dependency (the database, an index it needs) is not there right now: retry later, shown as is */
  static unavailable(code: string, message: string, details?: unknown) {
    return new AppError(503, code, message, details, true)
  }
}
