import { createTransport } from 'nodemailer';
import type { Logger } from '../log.js';
import type { InvitationMail, InvitationMailer } from './invitation-mailer.js';
import { invitationMailText } from './invitation-text.js';
import { smtpConnection } from './smtp-url-policy.js';

// An SMTP server that does not answer must not hold the inviter's request for long: the link is in the answer anyway.
const SMTP_TIMEOUT_MS = 10_000;

/** Mails invitation links through OUTPOST_SMTP_URL (nodemailer). A failure is logged and answered as "not sent". */
export function createSmtpInvitationMailer(deps: { smtpUrl: string; from: string; log: Logger }): InvitationMailer {
  const transport = createTransport({ ...smtpConnection(deps.smtpUrl), connectionTimeout: SMTP_TIMEOUT_MS, greetingTimeout: SMTP_TIMEOUT_MS, socketTimeout: SMTP_TIMEOUT_MS });
  return {
    async send(mail: InvitationMail): Promise<boolean> {
      const text = invitationMailText(mail);
      try {
        await transport.sendMail({ from: deps.from, to: mail.to, subject: text.subject, text: text.body });
        deps.log.info({ role: mail.role }, 'invitation mailed');
        return true;
      } catch (error) {
        // Never the URL: it carries the invitation token.
        deps.log.warn({ reason: (error as Error).message, code: (error as { code?: string }).code }, 'the invitation mail could not be sent; the link is in the answer');
        return false;
      }
    },
  };
}

