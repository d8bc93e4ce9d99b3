import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A fake of WeChat's code2session endpoint on 127.0.0.1. Codes drive the answer:
 * "bad…" → errcode 40029, "busy…" → 45011, "down…" → an HTML 502 page, anything else → openid "o_<code>".
 */
export async function startFakeWechat(): Promise<{ base: string; calls: string[]; close(): Promise<void> }> {
  const calls: string[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const code = url.searchParams.get('js_code') ?? ''
    calls.push(code)
    if (url.pathname !== '/sns/jscode2session') return void res.writeHead(404).end()
    if (code.startsWith('down')) return void res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>')
    res.setHeader('content-type', 'application/json')
    if (code.startsWith('bad')) return void res.end(JSON.stringify({ errcode: 40029, errmsg: 'invalid code' }))
    if (code.startsWith('busy')) return void res.end(JSON.stringify({ errcode: 45011, errmsg: 'api minute-quota reach limit' }))
    res.end(JSON.stringify({ openid: `o_${code}`, session_key: 'k' }))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return { base: `http://127.0.0.1:${port}`, calls, close: () => new Promise((r) => server.close(() => r())) }
}
