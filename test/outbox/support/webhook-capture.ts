import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface WebhookCall {
  key: string
  body: { msgtype: string; text: { content: string; mentioned_mobile_list: string[] } }
  at: number
}

/**
 * A local stand-in for the WeCom robot endpoint `/cgi-bin/webhook/send?key=…`. It answers like WeCom:
 * HTTP 200 with `{"errcode":0}`, or with `refuse[key]` as the errcode (e.g. 45009 rate limit).
 */
export async function startWebhookCapture(): Promise<{
  base: string
  calls: WebhookCall[]
  refuse: Record<string, number>
  close(): Promise<void>
}> {
  const calls: WebhookCall[] = []
  const refuse: Record<string, number> = {}
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
    req.on('end', () => {
      const key = url.searchParams.get('key') ?? ''
      res.setHeader('content-type', 'application/json')
      if (req.method !== 'POST' || url.pathname !== '/cgi-bin/webhook/send') {
        res.statusCode = 404
        return res.end('{}')
      }
      if (refuse[key]) return res.end(JSON.stringify({ errcode: refuse[key], errmsg: 'api freq out of limit' }))
      calls.push({ key, body: JSON.parse(raw) as WebhookCall['body'], at: Date.now() })
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { base: `http://127.0.0.1:${port}`, calls, refuse, close: () => new Promise((r) => server.close(() => r())) }
}
