import net from 'node:net'

export interface FreezeProxy {
  /** a MongoDB URI through the proxy */
  uri: string
  /** stop forwarding in both directions: every call in flight or sent meanwhile gets no answer */
  freeze(): void
  /** forward again (what was held is passed on; connections the driver dropped meanwhile are gone) */
  thaw(): void
  close(): Promise<void>
}

/**
 * A TCP proxy in front of the test database that can stop answering without closing anything — a
 * database that hangs mid-request (a stuck server, a network partition) rather than one that refuses.
 */
export async function startFreezeProxy(targetUri: string): Promise<FreezeProxy> {
  const target = new URL(targetUri.replace(/^mongodb:/, 'http:'))
  let frozen = false
  const held: (() => void)[] = []
  const sockets = new Set<net.Socket>()
  const pipe = (from: net.Socket, to: net.Socket) =>
    from.on('data', (chunk: Buffer) => {
      if (!frozen) return void to.write(chunk)
      held.push(() => to.write(chunk))
    })
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('error', () => undefined)
      s.on('close', () => {
        sockets.delete(s)
        client.destroy()
        upstream.destroy()
      })
    }
    pipe(client, upstream)
    pipe(upstream, client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as net.AddressInfo
  return {
    uri: `mongodb://127.0.0.1:${port}`,
    freeze: () => {
      frozen = true
    },
    thaw: () => {
      frozen = false
      for (const write of held.splice(0)) write()
    },
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
