import { z } from 'zod'
import { perMinuteCap } from './channels/limits.js'

/**
 * The only place that reads the environment (main.ts passes process.env in). Every variable is listed
 * with its default in .env.example. A bad value stops start-up with one line naming the variable.
 */
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')
const int = (min: number) => z.coerce.number().int().min(min)
const roles = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(['api', 'bot', 'worker'])).min(1))
const CHANNEL_NAMES = ['wechat', 'dingtalk', 'wecom'] as const
export type ChatChannel = (typeof CHANNEL_NAMES)[number]
const channels = z
  .string()
  .transform((s) => [
    ...new Set(
      s
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(z.array(z.enum(CHANNEL_NAMES)).min(1))

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLES: roles.default(['api', 'bot', 'worker']),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(0).max(65535).default(3000),
  TIMEZONE: z.string().min(1).default('Asia/Shanghai'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/i, 'a size such as 256kb or 1mb')
    .default('256kb'),
  CORS_ORIGINS: z.string().default(''),
  TRUST_PROXY_HOPS: int(0).max(10).default(0),
  SERVER_TIMING: bool.default(false),
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  SHUTDOWN_TIMEOUT_MS: int(1000).default(10_000),
  IMPORT_MAX_ROWS: int(1).default(50_000),
  IMPORT_MAX_COLUMNS: int(1).max(16_384).default(64),
  IMPORT_MAX_CELL_CHARS: int(1).default(2000),
  IMPORT_MAX_CELLS: int(1).default(1_000_000),
  IMPORT_MAX_UNZIPPED_MB: int(1).default(100),
  PLATFORM_MAPPING: z.string().trim().min(1).optional(),

  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'a mongodb:// or mongodb+srv:// URI')
    .optional(),
  MONGO_DATA_DIR: z.string().min(1).default('./var/mongo'),
  MONGO_DOWNLOAD_TIMEOUT_MS: int(1000).default(60_000),
  MONGO_DB_NAME: z.string().min(1).default('tianbao'),
  DB_SERVER_SELECTION_TIMEOUT_MS: int(100).default(5000),
  DB_SOCKET_TIMEOUT_MS: int(0).default(30_000),
  DB_INDEX_CHECK_MS: int(100).default(30_000),

  // no default here: checkSecrets() gives development and tests a known value and production none
  JWT_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  JWT_TTL: z
    .string()
    .regex(/^\d+[smhd]$/, 'a duration such as 2h or 7d')
    .default('7d'),
  PUBLIC_BASE_URL: z
    .url()
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  CONSOLE_SESSION_TTL: z
    .string()
    .regex(/^\d+[smhd]$/, 'a duration such as 8h')
    .default('8h'),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  WECHAT_APPID: z.string().default(''),
  WECHAT_SECRET: z.string().default(''),

  WECHATY_PUPPET: z.string().min(1).default('wechaty-puppet-wechat4u'),
  WECHATY_PUPPET_TOKEN: z.string().default(''),
  WECHATY_NAME: z.string().min(1).default('tianbao'),
  BOT_FRIEND_KEYWORD: z.string().default(''),
  BUREAU_BIND_CODE: z.string().default(''),
  CHAT_JOURNAL_LEASE_MS: int(100).default(60_000),
  CHAT_TEST_HOLD_MESSAGE: int(0).default(0),
  FILE_MAX_BYTES: int(1024).default(5 * 1024 * 1024),

  CHANNELS: channels.default(['wechat']),
  DINGTALK_CLIENT_ID: z.string().optional(),
  DINGTALK_CLIENT_SECRET: z.string().optional(),
  DINGTALK_ROBOT_CODE: z.string().optional(),
  DINGTALK_API_BASE: z.url().default('https://api.dingtalk.com'),
  DINGTALK_GATEWAY_URL: z.url().default('https://api.dingtalk.com/v1.0/gateway/connections/open'),
  DINGTALK_OAPI_BASE: z.url().default('https://oapi.dingtalk.com'),
  WECOM_BOT_TOKEN: z.string().optional(),
  WECOM_BOT_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, 'the 43-character EncodingAESKey')
    .optional(),
  WECOM_CORP_ID: z.string().optional(),
  WECOM_APP_AGENT_ID: z.coerce.number().int().min(1).optional(),
  WECOM_APP_SECRET: z.string().optional(),
  WECOM_API_BASE: z.url().default('https://qyapi.weixin.qq.com'),

  // the platform caps come from src/channels/limits.ts; these may only lower the pace, e.g. for a trial
  WECHAT_MAX_PER_MINUTE: int(1).default(perMinuteCap('wechat') ?? 40),
  WECHAT_MIN_GAP_MS: int(0).default(1500),
  WECHAT_ROOM_SWITCH_MS: int(0).default(1500),
  WECOM_WEBHOOK_BASE: z.url().default('https://qyapi.weixin.qq.com'),
  WECOM_MAX_PER_MINUTE: int(1).default(perMinuteCap('wecom') ?? 20),
  OUTBOX_MAX_ATTEMPTS: int(1).default(6),

  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('tianbao <tianbao@localhost>'),
  MAIL_DIR: z.string().min(1).default('./var/mail'),
  OPS_EMAIL: z.string().default(''),

  AGENDA_PROCESS_EVERY: z.string().min(1).default('30 seconds'),
  DEMO_MODE: bool.default(false),
})

// a refused value of these is not echoed: start-up errors end up in logs
const SECRETS = new Set([
  'METRICS_TOKEN',
  'JWT_SECRET',
  'WECHAT_SECRET',
  'WECHATY_PUPPET_TOKEN',
  'BUREAU_BIND_CODE',
  'SMTP_URL',
  'DINGTALK_CLIENT_SECRET',
  'WECOM_BOT_TOKEN',
  'WECOM_BOT_AES_KEY',
  'WECOM_APP_SECRET',
])

export type Env = Record<string, string | undefined>
type Parsed = z.output<typeof schema>

export interface Config {
  env: Parsed['NODE_ENV']
  logLevel: Parsed['LOG_LEVEL']
  roles: ReadonlyArray<'api' | 'bot' | 'worker'>
  timezone: string
  http: {
    host: string
    port: number
    bodyLimit: string
    corsOrigins: string[]
    trustProxyHops: number
    metricsToken?: string
    /** answer API requests' phase timings (auth, validate, service, db) in a Server-Timing header */
    serverTiming: boolean
  }
  shutdownTimeoutMs: number
  /** bounds on an imported CSV/XLSX, checked while it is read (src/services/spreadsheets/table-limits.ts) */
  imports: { maxRows: number; maxColumns: number; maxCellChars: number; maxCells: number; maxUnzippedBytes: number }
  /** the provincial platform's column layouts: a mapping file; undefined = the shipped one (mappings/platform) */
  platformMapping?: string
  mongo: {
    uri?: string
    dataDir: string
    downloadTimeoutMs: number
    dbName: string
    serverSelectionTimeoutMs: number
    socketTimeoutMs: number
    /** how often the unique indexes are checked (and re-created) besides on every reconnect */
    indexCheckMs: number
  }
  auth: { jwtSecret: string; jwtTtl: string }
  /** the web console: where people open the service (links in chat point there), how long a session lasts */
  console: { publicBaseUrl: string; sessionTtl: string }
  wechat: { apiBase: string; appId: string; secret: string }
  bot: {
    puppet: string
    puppetToken: string
    name: string
    friendKeyword: string
    bureauBindCode: string
    /** how long a journaled chat message stays claimed by the process handling it */
    journalLeaseMs: number
    /** TESTS ONLY: the n-th message this process journals is never handled (0: off) — to kill it in between */
    testHoldMessage: number
    /** the largest file the chat downloads from a channel (a unit's filled XLSX); bigger ones get a hint */
    fileMaxBytes: number
  }
  pacing: {
    wechatPerMinute: number
    wechatMinGapMs: number
    roomSwitchMs: number
    wecomPerMinute: number
    maxAttempts: number
  }
  /** the chat channels this deployment runs (CHANNELS); a unit's group may be on any of them */
  channels: ReadonlyArray<ChatChannel>
  /** present when CHANNELS has dingtalk: the enterprise-internal robot in Stream mode */
  dingtalk?: {
    clientId: string
    clientSecret: string
    robotCode: string
    apiBase: string
    gatewayUrl: string
    /** the old-style API host, where files are uploaded (media/upload) before the robot sends them */
    oapiBase: string
  }
  wecom: {
    /** group robot webhooks (one key per group, kept with the group's binding) */
    webhookBase: string
    /** gettoken and message/send of the self-built app */
    apiBase: string
    /** present when CHANNELS has wecom: the 智能机器人 callback's Token and EncodingAESKey */
    bot?: { token: string; aesKey: string }
    /** present when its three variables are set: 1:1 messages to members through the self-built app */
    app?: { corpId: string; agentId: number; secret: string }
  }
  mail: { smtpUrl?: string; from: string; dir: string; opsEmail: string }
  agenda: { processEvery: string }
}

export class ConfigError extends Error {}

/**
 * The session-signing secret development and tests run with. Public (it is in the source), so anyone
 * could forge a mini-program session with it: production refuses it, refuses to run without a secret
 * of its own, and refuses a short one.
 */
export const DEV_JWT_SECRET = 'dev-only-secret-change-me-please'
const STRONG_SECRET_LENGTH = 32
// the bureau group's bind code is typed in chat; guessing is rate-limited, but a short code still falls
const STRONG_BIND_CODE_LENGTH = 8

/** Secrets whose weak or public value would let a stranger in; their values never go into the message. */
function checkSecrets(e: Parsed): string {
  const dev = e.NODE_ENV !== 'production'
  const how = `set a random value of at least ${STRONG_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 48\`)`
  if (e.JWT_SECRET === undefined) {
    if (dev) return DEV_JWT_SECRET
    throw new ConfigError(
      `invalid configuration: JWT_SECRET is unset — NODE_ENV=production needs a secret of its own: ${how}`,
    )
  }
  if (!dev && e.JWT_SECRET === DEV_JWT_SECRET)
    throw new ConfigError(
      `invalid configuration: JWT_SECRET is the public development value — NODE_ENV=production refuses it: ${how}`,
    )
  if (!dev && e.JWT_SECRET.length < STRONG_SECRET_LENGTH)
    throw new ConfigError(
      `invalid configuration: JWT_SECRET is too short (${e.JWT_SECRET.length} characters) — NODE_ENV=production needs at least ${STRONG_SECRET_LENGTH}: ${how}`,
    )
  if (!dev && e.BUREAU_BIND_CODE && e.BUREAU_BIND_CODE.length < STRONG_BIND_CODE_LENGTH) {
    throw new ConfigError(
      `invalid configuration: BUREAU_BIND_CODE is too short — NODE_ENV=production needs at least ${STRONG_BIND_CODE_LENGTH} characters (or leave it unset: no group can then bind as the bureau's)`,
    )
  }
  return e.JWT_SECRET
}

/**
 * A channel named in CHANNELS needs its credentials: one line naming every missing variable, e.g.
 * `CHANNELS has dingtalk but DINGTALK_CLIENT_SECRET, DINGTALK_ROBOT_CODE are unset`. The WeCom app is
 * optional (without it there are no 1:1 proactive messages), but half of it is a mistake.
 */
function checkChannelCredentials(e: Parsed): void {
  const required: Record<ChatChannel, (keyof Parsed)[]> = {
    wechat: [],
    dingtalk: ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET', 'DINGTALK_ROBOT_CODE'],
    wecom: ['WECOM_BOT_TOKEN', 'WECOM_BOT_AES_KEY'],
  }
  const app: (keyof Parsed)[] = ['WECOM_CORP_ID', 'WECOM_APP_AGENT_ID', 'WECOM_APP_SECRET']
  for (const channel of e.CHANNELS) {
    const names = [...required[channel]]
    if (channel === 'wecom' && app.some((n) => e[n] !== undefined)) names.push(...app)
    const missing = names.filter((n) => e[n] === undefined)
    if (missing.length)
      throw new ConfigError(
        `invalid configuration: CHANNELS has ${channel} but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} unset — set ${missing.length > 1 ? 'them' : 'it'} or remove ${channel} from CHANNELS`,
      )
  }
}

export function loadConfig(env: Env): Readonly<Config> {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const name = String(issue.path[0] ?? 'environment')
    const expected = issue.message.replace(/^Invalid (input|option): /, '')
    const shown = SECRETS.has(name) ? '(hidden)' : JSON.stringify(env[name] ?? '')
    throw new ConfigError(`invalid configuration: ${name}=${shown} — expected ${expected.replace(/^expected /, '')}`)
  }
  const e = parsed.data
  const jwtSecret = checkSecrets(e)
  checkChannelCredentials(e)
  return deepFreeze({
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    roles: e.ROLES,
    timezone: e.TIMEZONE,
    http: {
      host: e.HOST,
      port: e.PORT,
      bodyLimit: e.BODY_LIMIT,
      corsOrigins: e.CORS_ORIGINS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      trustProxyHops: e.TRUST_PROXY_HOPS,
      metricsToken: e.METRICS_TOKEN,
      serverTiming: e.SERVER_TIMING,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    imports: {
      maxRows: e.IMPORT_MAX_ROWS,
      maxColumns: e.IMPORT_MAX_COLUMNS,
      maxCellChars: e.IMPORT_MAX_CELL_CHARS,
      maxCells: e.IMPORT_MAX_CELLS,
      maxUnzippedBytes: e.IMPORT_MAX_UNZIPPED_MB * 1024 * 1024,
    },
    platformMapping: e.PLATFORM_MAPPING,
    mongo: {
      uri: e.MONGODB_URI,
      dataDir: e.MONGO_DATA_DIR,
      downloadTimeoutMs: e.MONGO_DOWNLOAD_TIMEOUT_MS,
      dbName: e.MONGO_DB_NAME,
      serverSelectionTimeoutMs: e.DB_SERVER_SELECTION_TIMEOUT_MS,
      socketTimeoutMs: e.DB_SOCKET_TIMEOUT_MS,
      indexCheckMs: e.DB_INDEX_CHECK_MS,
    },
    auth: { jwtSecret, jwtTtl: e.JWT_TTL },
    console: { publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`, sessionTtl: e.CONSOLE_SESSION_TTL },
    wechat: { apiBase: e.WECHAT_API_BASE, appId: e.WECHAT_APPID, secret: e.WECHAT_SECRET },
    bot: {
      puppet: e.WECHATY_PUPPET,
      puppetToken: e.WECHATY_PUPPET_TOKEN,
      name: e.WECHATY_NAME,
      friendKeyword: e.BOT_FRIEND_KEYWORD,
      bureauBindCode: e.BUREAU_BIND_CODE,
      journalLeaseMs: e.CHAT_JOURNAL_LEASE_MS,
      testHoldMessage: e.CHAT_TEST_HOLD_MESSAGE,
      fileMaxBytes: e.FILE_MAX_BYTES,
    },
    pacing: {
      wechatPerMinute: e.WECHAT_MAX_PER_MINUTE,
      wechatMinGapMs: e.WECHAT_MIN_GAP_MS,
      roomSwitchMs: e.WECHAT_ROOM_SWITCH_MS,
      wecomPerMinute: e.WECOM_MAX_PER_MINUTE,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    },
    channels: e.CHANNELS,
    dingtalk: e.CHANNELS.includes('dingtalk')
      ? {
          clientId: e.DINGTALK_CLIENT_ID ?? '',
          clientSecret: e.DINGTALK_CLIENT_SECRET ?? '',
          robotCode: e.DINGTALK_ROBOT_CODE ?? '',
          apiBase: e.DINGTALK_API_BASE,
          gatewayUrl: e.DINGTALK_GATEWAY_URL,
          oapiBase: e.DINGTALK_OAPI_BASE,
        }
      : undefined,
    wecom: {
      webhookBase: e.WECOM_WEBHOOK_BASE,
      apiBase: e.WECOM_API_BASE,
      bot: e.CHANNELS.includes('wecom')
        ? { token: e.WECOM_BOT_TOKEN ?? '', aesKey: e.WECOM_BOT_AES_KEY ?? '' }
        : undefined,
      app:
        e.CHANNELS.includes('wecom') && e.WECOM_APP_SECRET
          ? { corpId: e.WECOM_CORP_ID ?? '', agentId: e.WECOM_APP_AGENT_ID ?? 0, secret: e.WECOM_APP_SECRET }
          : undefined,
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, dir: e.MAIL_DIR, opsEmail: e.OPS_EMAIL },
    agenda: { processEvery: e.AGENDA_PROCESS_EVERY },
  })
}

function deepFreeze<T>(o: T): Readonly<T> {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v)
    Object.freeze(o)
  }
  return o
}
