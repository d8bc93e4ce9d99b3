import { startJavaServer } from '../src/db/java-server.js'

/**
 * `npm run db:offline [port]`: the MongoDB wire-compatible Java server on 127.0.0.1 in the foreground,
 * for offline development and trials on machines that cannot download MongoDB.
 * MEMORY ONLY — everything is lost when it stops. Not for production.
 */
const port = Number(process.argv[2] ?? 27017)
const server = await startJavaServer(port, { stdio: 'inherit' })
console.log(`mongo-java-server listening on ${server.uri} — memory only, NOT for production (data is lost on exit)`)
console.log(`  start tianbao with: MONGODB_URI=${server.uri}/tianbao npm start`)
const stop = async () => {
  await server.stop()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
