/**
 * The layering of ../shared/docs/architecture.md, checked by `npm run lint`:
 *   domain ← forms ← engine ← chat / services ← adapters (bot, http, jobs, outbox, db repositories) ← main
 * A layer imports only from layers to its left (and from the few shared leaves: config, errors, clock,
 * logger). Each rule below names what a layer must not reach.
 */
const ADAPTERS = '^(bot|jobs|src/http|src/outbox|src/mail)/'
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain: entity types and pure rules only',
      from: { path: '^src/domain/' },
      to: { path: '^(src/(forms|engine|chat|services|db|http|outbox|mail|demo)|bot|jobs)/|^src/container|mongoose' },
    },
    {
      name: 'forms-below-engine',
      severity: 'error',
      comment: 'src/forms: templates, parsers, schema; no dialog, no I/O',
      from: { path: '^src/forms/' },
      to: { path: '^(src/(engine|chat|services|db|http|outbox|mail)|bot|jobs)/|^src/container|mongoose' },
    },
    {
      name: 'engine-is-pure',
      severity: 'error',
      comment: 'src/engine: the pure dialog engine',
      from: { path: '^src/engine/' },
      to: { path: '^(src/(chat|services|db|http|outbox|mail)|bot|jobs)/|^src/container|mongoose' },
    },
    {
      name: 'chat-core-free-of-platforms',
      severity: 'error',
      comment: 'src/chat: no platform SDK, no adapter, no database driver',
      from: { path: '^src/chat/' },
      to: { path: `${ADAPTERS}|^src/container|wechaty|mongoose|^src/db/models` },
    },
    {
      name: 'services-below-adapters',
      severity: 'error',
      comment: 'src/services: use cases on ports; no HTTP, no bot, no jobs',
      from: { path: '^src/services/' },
      to: { path: '^(bot|jobs|src/http|src/outbox)/|^src/container' },
    },
    {
      name: 'db-imports-nothing-above',
      severity: 'error',
      comment: 'src/db: models and repositories implement ports; they import domain types, not use cases',
      from: { path: '^src/db/' },
      to: { path: '^(src/(services|chat|engine|http|outbox)|bot|jobs)/|^src/container' },
    },
    {
      name: 'bot-is-an-adapter',
      severity: 'error',
      comment: 'bot: the wechaty adapter; persistence goes through the chat core',
      from: { path: '^bot/' },
      to: { path: '^src/db/|mongoose' },
    },
    {
      name: 'console-talks-http-only',
      severity: 'error',
      comment: 'console/: the browser SPA reaches the service over HTTP; of the server it imports types only',
      from: { path: '^console/' },
      to: { path: '^(src|bot|jobs|scripts|test|fixtures)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'server-imports-no-console',
      severity: 'error',
      comment: 'the server serves the built console as files; it never imports its sources',
      from: { path: '^(src|bot|jobs|scripts|bench|test|fixtures)/' },
      to: { path: '^console/' },
    },
    {
      name: 'nothing-imports-main',
      severity: 'error',
      comment: 'main.ts is the composition root',
      from: {},
      to: { path: '^src/main\\.ts$' },
    },
    {
      name: 'no-test-code-in-app',
      severity: 'error',
      comment: 'application and bench code do not import tests',
      from: { path: '^(src|bot|jobs|scripts|bench)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-bench-code-in-tests',
      severity: 'error',
      comment: 'tests and bench share fixtures through test/support, never each other',
      from: { path: '^test/' },
      to: { path: '^bench/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|var|\\.cache|coverage)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json', '.vue'] },
  },
}
