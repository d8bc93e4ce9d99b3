import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import type { AddressInfo } from 'node:net'

/**
 * A real SMTP server on 127.0.0.1 for one test file. Received mails are parsed with mailparser;
 * `failWith` makes it refuse every mail (e.g. 451) until set back to undefined.
 */
export interface SmtpCapture {
  url: string
  mails: ParsedMail[]
  failWith?: { code: number; message: string }
  /** how many mails it refused */
  refused: number
  close(): Promise<void>
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const capture: SmtpCapture = { url: '', mails: [], refused: 0, close: async () => undefined }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          if (capture.failWith) {
            capture.refused++
            return callback(Object.assign(new Error(capture.failWith.message), { responseCode: capture.failWith.code }))
          }
          capture.mails.push(mail)
          callback()
        },
        (err: Error) => callback(err),
      )
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  capture.url = `smtp://127.0.0.1:${port}`
  capture.close = () => new Promise((resolve) => server.close(() => resolve()))
  return capture
}

/** The X-Tianbao-Outbox-Key header of a received mail. */
export function outboxKeyOf(mail: ParsedMail): string {
  return String(mail.headers.get('x-tianbao-outbox-key') ?? '')
}
