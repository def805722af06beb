import type { InvitationMail } from './invitation-mailer.js';

/** The subject and plain-text body of an invitation mail (pure). */
export function invitationMailText(mail: InvitationMail): { subject: string; body: string } {
  return {
    subject: `You are invited to ${mail.orgName} on Outpost`,
    body: [
      `${mail.invitedBy} invited you to join ${mail.orgName} on Outpost as ${mail.role}.`,
      '',
      'Open this link to accept. It works once, for 7 days:',
      '',
      mail.url,
      '',
      'If you did not expect this, ignore this mail.',
      '',
    ].join('\n'),
  };
}
