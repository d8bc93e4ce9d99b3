/** The message types and the outbox port live in src/domain (use cases, notices and the outbox's model use them). */
export * from '../domain/outbox-message.js'
