import { ApiError, refused } from '../../api/client'
import { session } from '../../session'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Calls the API with the token for what api() does not carry: a file upload, or a file download. */
async function call(method: string, path: string, body?: { file: File }): Promise<Response> {
  const headers: Record<string, string> = {}
  if (session.token) headers.Authorization = `Bearer ${session.token}`
  if (body) headers['Content-Type'] = /\.xlsx$/i.test(body.file.name) ? XLSX : 'text/csv'
  let res: Response
  try {
    res = await fetch(path, { method, headers, body: body?.file })
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试')
  }
  if (res.ok) return res
  throw await refused(res.status, await res.json().catch(() => null))
}

/** Uploads a CSV/XLSX table (the type from its name) and returns the JSON answer. */
export async function uploadTable<T>(path: string, file: File): Promise<T> {
  return (await (await call('POST', path, { file })).json()) as T
}

/** The file name the server gave (Content-Disposition), else `fallback`. */
export function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('Content-Disposition') ?? ''
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1]
  if (star) return decodeURIComponent(star)
  return /filename="?([^";]+)"?/i.exec(cd)?.[1] ?? fallback
}

/** Downloads a file with the token (a plain link could not send it): blob → a temporary link, clicked. */
export async function download(path: string, fallback: string): Promise<string> {
  const res = await call('GET', path)
  const name = fileNameOf(res, fallback)
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return name
}

/** An image (the bot's QR code) fetched with the token, as an object URL for an <img>. */
export async function imageUrl(path: string): Promise<string> {
  return URL.createObjectURL(await (await call('GET', path)).blob())
}
