import { session, signOut } from '../session'
import { router } from '../router'

/** An error from the API, with the Chinese message its error envelope carries. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * One call to the admin API. Errors become ApiError with the server's Chinese message
 * (`{ error: { code, message } }`); a 401 on an authenticated call ends the session and goes back
 * to the login page, saying why.
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (session.token) headers.Authorization = `Bearer ${session.token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试')
  }
  const data: unknown = await res.json().catch(() => null)
  if (res.ok) return data as T
  throw await refused(res.status, data)
}

/**
 * The ApiError for a refused call, from its error envelope (`data`, the parsed body); a 401 on an
 * authenticated call first ends the session and goes back to the login page, saying why.
 */
export async function refused(status: number, data: unknown): Promise<ApiError> {
  const err = (data as { error?: { code?: string; message?: string } } | null)?.error
  const e = new ApiError(status, err?.code ?? 'http_error', err?.message ?? `请求失败（${status}）`)
  if (status === 401 && session.token) {
    signOut(e.message)
    await router.push({ name: 'login' })
  }
  return e
}
