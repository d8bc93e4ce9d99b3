import http from 'node:http'
import { fileURLToPath } from 'node:url'
import { loadConfig, ConfigError, type Config } from './config.js'
import { loadPlatformMapping } from './services/platform/load-platform-mapping.js'
import { createLogger, type Logger } from './logger.js'
import { openDatabase, StartupError, type Database } from './db/connect.js'
import { systemClock } from './clock.js'
import { buildContainer } from './container.js'
import { RoleStatus } from './role-status.js'
import { createApp } from './http/app.js'
import { healthRoutes } from './http/routes/health.js'
import { apiRouter } from './http/routes/api-routes.js'
import { startAgenda } from '../jobs/index.js'
import { startBot } from '../bot/index.js'
import { startEmailWebhookDelivery } from './outbox/start-email-webhook-delivery.js'
import { collectProcessMetrics } from './metrics.js'
import { opsRoutes } from './http/routes/ops.js'
import { DEFAULT_WECHAT_ACCOUNT } from './outbox/to-record.js'
import { officialSenders, startDingTalk, wecomRouters } from './channels/official-channels.js'

/** Where `npm run build:console` puts the web console (built on start when missing: tools/ensure-console.mjs). */
const CONSOLE_DIR = fileURLToPath(new URL('../dist/console', import.meta.url))

/**
 * Composition root: config → database → repositories and services → the roles asked for
 * (ROLES=api,bot,worker, default all in one process). Each role can run alone against the same database.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env)
  // the platform mapping is read once, before anything opens: a bad file is one line and exit 1
  const platform = loadPlatformMapping(config.platformMapping)
  const logger = createLogger(config.logLevel)
  const roles = new RoleStatus()
  collectProcessMetrics()
  const db = await openDatabase(config, logger)
  const container = buildContainer(db.conn, systemClock, config, logger, platform)
  const stops: { name: string; stop: () => Promise<void> }[] = []

  if (config.roles.includes('api')) {
    const api = container.api
    const ops = opsRoutes({
      botStates: container.chat.botStates,
      verifyAdmin: (t) => api.tokens.verify(t),
      account: DEFAULT_WECHAT_ACCOUNT,
      metricsToken: config.http.metricsToken,
    })
    const app = createApp({
      logger,
      bodyLimit: config.http.bodyLimit,
      corsOrigins: config.http.corsOrigins,
      trustProxyHops: config.http.trustProxyHops,
      serverTiming: config.http.serverTiming,
      consoleDir: CONSOLE_DIR,
      routers: [
        healthRoutes({
          ping: db.ping,
          roles,
          indexes: () => db.indexes.report(),
          botState: () => container.chat.botStates.summary(DEFAULT_WECHAT_ACCOUNT),
        }),
        ops,
        apiRouter(api).router,
        ...wecomRouters(config, container),
      ],
    })
    const server = http.createServer(app.callback())
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'EADDRINUSE' || err.code === 'EACCES'
            ? new StartupError(
                `cannot listen on ${config.http.host}:${config.http.port} (${err.code === 'EADDRINUSE' ? 'the port is taken' : 'not allowed'}): stop the other process or set PORT to a free port`,
              )
            : err,
        ),
      )
      server.listen(config.http.port, config.http.host, resolve)
    })
    roles.set('api', { state: 'listening', ready: true, required: true })
    logger.info({ port: config.http.port }, `api listening on http://${config.http.host}:${config.http.port}`)
    stops.push({ name: 'api', stop: () => new Promise((r) => server.close(() => r())) })
  }
  const background = startBackgroundRoles(config, db, container, roles, stops, logger)
  background.catch((err) => logger.error({ err }, 'a role failed to start'))
  // last of the roles' stops, before the database closes: the journals' done marks still waiting
  stops.push({ name: 'journal', stop: () => container.chat.flushJournals() })
  installShutdown(config, logger, db, stops)
}

/** Worker and bot need a connected database; they start when it is there (the API serves /readyz meanwhile). */
async function startBackgroundRoles(
  config: Readonly<Config>,
  db: Database,
  container: ReturnType<typeof buildContainer>,
  roles: RoleStatus,
  stops: { name: string; stop: () => Promise<void> }[],
  logger: Logger,
): Promise<void> {
  if (config.roles.includes('worker'))
    roles.set('worker', { state: 'waiting-for-database', ready: false, required: true })
  await db.connected
  if (config.roles.includes('worker')) {
    const agenda = await startAgenda(container)
    // e-mail and webhook delivery run in the worker role; WeChat delivery runs where the bot is logged in
    const delivery = startEmailWebhookDelivery(container, { senders: officialSenders(config) })
    roles.set('worker', { state: 'running', ready: true, required: true })
    stops.unshift({
      name: 'worker',
      stop: () => Promise.all([agenda.drain(5000), delivery.stop()]).then(() => undefined),
    })
  }
  if (config.roles.includes('bot') && config.channels.includes('wechat')) {
    const bot = await startBot(container, roles)
    stops.unshift({ name: 'bot', stop: bot.stop })
  }
  const dingtalk = config.roles.includes('bot') ? startDingTalk(config, container) : null
  if (dingtalk) stops.unshift({ name: 'dingtalk', stop: dingtalk.stop })
  logger.info({ roles: config.roles, db: db.describe }, 'tianbao started')
}

function installShutdown(
  config: Readonly<Config>,
  logger: Logger,
  db: Database,
  stops: { name: string; stop: () => Promise<void> }[],
): void {
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    const timer = setTimeout(() => {
      logger.error('shutdown took too long, exiting')
      process.exit(1)
    }, config.shutdownTimeoutMs)
    timer.unref()
    // api first (stop accepting), then the bot and worker (drain), then the database
    for (const s of [...stops.filter((s) => s.name === 'api'), ...stops.filter((s) => s.name !== 'api')]) {
      await s.stop().catch((err) => logger.warn({ err, role: s.name }, 'stop failed'))
    }
    await db.close()
    logger.info('bye')
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof StartupError) {
    console.error(`tianbao: ${err.message}`)
  } else {
    console.error('tianbao: start-up failed:', err)
  }
  // the database (and an embedded MongoDB) may be open already: exit, do not wait for them
  process.exit(1)
})
