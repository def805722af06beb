import type { Role } from '../store/schema.js';

/** What an invitation mail needs; the link carries the one-time token. */
export interface InvitationMail {
  to: string;
  url: string;
  orgName: string;
  invitedBy: string;
  role: Role;
}

/** Sends invitation links; `send` answers whether a mail went out (false when the hub has no SMTP server). */
export interface InvitationMailer {
  send(mail: InvitationMail): Promise<boolean>;
}

/** Without SMTP the link is shown to whoever invited, who passes it on. */
export const noInvitationMailer: InvitationMailer = { send: async () => false };
