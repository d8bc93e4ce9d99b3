import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import nodemailer, { type Transporter } from 'nodemailer'
import type { Config } from '../../config.js'
import type { Logger } from '../../logger.js'
import type { ChannelSender, OutgoingMessage } from './channel-sender.js'
import { mailMessageId } from './mail-message-id.js'

/**
 * E-mail over SMTP (config.mail.smtpUrl). With no SMTP configured the mail is rendered to an .eml file
 * under config.mail.dir and logged, so a trial run shows what would have been sent
 * (e.g. var/mail/2026-07-01T02-00-00-000Z_alert_bot-logout_default_1.eml — open it in any mail client).
 */
export function emailSender(config: Pick<Config, 'mail'>, logger: Logger): ChannelSender {
  const smtp: Transporter | undefined = config.mail.smtpUrl
    ? nodemailer.createTransport(config.mail.smtpUrl)
    : undefined
  const files = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    channel: 'email',
    room: () => undefined,
    async send(msg: OutgoingMessage): Promise<void> {
      if (msg.target.channel !== 'email') throw new Error(`email sender got a ${msg.target.channel} message`)
      const mail = {
        from: config.mail.from,
        to: msg.target.to,
        cc: msg.target.cc,
        subject: msg.subject ?? firstLine(msg.text),
        // stable per outbox send: a resend after a crash before it was marked sent is the same mail
        messageId: mailMessageId(msg.keys, config.mail.from),
        text: msg.text,
        html: msg.html,
        attachments: msg.attachments?.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.content,
          encoding: 'base64',
        })),
        // lets a mailbox (and the tests) tell which outbox message a mail came from
        headers: { 'X-Tianbao-Outbox-Key': msg.keys.join(' ') },
      }
      if (smtp) {
        await smtp.sendMail(mail)
        return
      }
      const info = await files.sendMail(mail)
      await mkdir(config.mail.dir, { recursive: true })
      const file = join(
        config.mail.dir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}_${msg.key.replace(/[^\w.-]+/g, '_')}.eml`,
      )
      await writeFile(file, info.message as Buffer)
      logger.info({ file, to: msg.target.to, subject: mail.subject }, 'SMTP_URL is unset: mail written to a file')
    },
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0].slice(0, 80)
}
