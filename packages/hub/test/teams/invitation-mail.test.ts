import { createServer } from 'node:net';
import { expect, it, describe, onTestFinished } from 'vitest';
import { api, startHubWithAdmin } from '../support/hub-clients.js';
import { startFakeSmtp } from '../support/fake-smtp.js';
import { waitFor } from '../../../../test-support/wait-for.js';

type Created = { token: string; url: string; mail_sent: boolean };

describe('invitation mail (OUTPOST_SMTP_URL)', () => {
  it('mails the one-time link to the invitee through the SMTP server', async () => {
    const smtp = await startFakeSmtp();
    onTestFinished(() => smtp.close());
    const hub = await startHubWithAdmin({ env: { OUTPOST_SMTP_URL: smtp.url, OUTPOST_SMTP_FROM: 'Outpost CI <ci@example.test>' } });
    const res = await api(hub, 'POST', '/api/v1alpha/invitations', { body: { email: 'mia@example.test', role: 'admin' } });
    const created = res.body as Created;
    expect(created.mail_sent).toBe(true);
    const mail = await waitFor(() => smtp.mails[0], { message: 'the fake SMTP server to receive the mail' });
    expect(mail.from).toBe('<ci@example.test>');
    expect(mail.to).toEqual(['<mia@example.test>']);
    expect(mail.data).toContain('Subject: You are invited to Outpost on Outpost');
    expect(mail.data).toContain('admin@outpost.local invited you to join Outpost on Outpost as admin.');
    // Quoted-printable may fold a long line: compare without soft line breaks.
    expect(mail.data.replace(/=\r\n/g, '')).toContain(created.url);
  });

  it('answers with the link even when the SMTP server cannot be reached, and logs no token', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const hub = await startHubWithAdmin({ env: { OUTPOST_SMTP_URL: `smtp://127.0.0.1:${port}` } });
    const res = await api(hub, 'POST', '/api/v1alpha/invitations', { body: { email: 'noa@example.test', role: 'member' } });
    expect(res.status).toBe(200);
    const created = res.body as Created;
    expect(created.mail_sent).toBe(false);
    expect(hub.logLines.some((line) => line.includes('the invitation mail could not be sent'))).toBe(true);
    expect(hub.logLines.filter((line) => line.includes(created.token))).toEqual([]);
  });
});
