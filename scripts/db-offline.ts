import { PortTakenError, startJavaServer } from '../src/db/java-server.js'
import { runScript, UsageError } from './run-script.js'

/**
 * `npm run db:offline [port]`: the MongoDB wire-compatible Java server on 127.0.0.1 in the foreground,
 * for offline development and trials on machines that cannot download MongoDB.
 * MEMORY ONLY — everything is lost when it stops. Not for production.
 */
runScript('db:offline', async () => {
  const arg = process.argv[2] ?? '27017'
  const port = Number(arg)
  if (!/^\d+$/.test(arg) || port < 1 || port > 65535)
    throw new UsageError(`"${arg}" is not a port\nusage: npm run db:offline [port]   (default 27017)`)
  const server = await startJavaServer(port, { stdio: 'inherit' }).catch((err: unknown) => {
    throw err instanceof PortTakenError ? new UsageError(err.message) : err
  })
  console.log(`mongo-java-server listening on ${server.uri} — memory only, NOT for production (data is lost on exit)`)
  console.log(`  start tianbao with: MONGODB_URI=${server.uri}/tianbao npm start`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await server.stop()
})
