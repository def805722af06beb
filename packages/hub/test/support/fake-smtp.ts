import { createServer, type Server, type Socket } from 'node:net';

/** One mail as the fake server received it: the envelope and the raw message (headers and body). */
export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
}

export interface FakeSmtp {
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * The other side of the wire for the hub's SMTP client: a plain SMTP server (no TLS, no auth) that accepts every mail
 * and keeps it. Enough of RFC 5321 for one client: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
 */
export async function startFakeSmtp(): Promise<FakeSmtp> {
  const mails: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    converse(socket, (mail) => mails.push(mail));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

function converse(socket: Socket, received: (mail: ReceivedMail) => void): void {
  let buffered = '';
  let inData = false;
  let mail: ReceivedMail = { from: '', to: [], data: '' };
  const reply = (line: string) => socket.write(`${line}\r\n`);
  reply('220 fake-smtp ready');
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    for (;;) {
      if (inData) {
        const end = buffered.indexOf('\r\n.\r\n');
        if (end === -1) return;
        received({ ...mail, data: buffered.slice(0, end).replace(/^\.\./gm, '.') });
        buffered = buffered.slice(end + 5);
        inData = false;
        mail = { from: '', to: [], data: '' };
        reply('250 queued');
        continue;
      }
      const newline = buffered.indexOf('\r\n');
      if (newline === -1) return;
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO' || verb === 'HELO') reply('250 fake-smtp');
      else if (verb === 'MAIL') { mail.from = line.slice(line.indexOf(':') + 1).trim(); reply('250 ok'); }
      else if (verb === 'RCPT') { mail.to.push(line.slice(line.indexOf(':') + 1).trim()); reply('250 ok'); }
      else if (verb === 'DATA') { inData = true; reply('354 end with <CRLF>.<CRLF>'); }
      else if (verb === 'QUIT') { reply('221 bye'); socket.end(); return; }
      else if (verb === 'RSET' || verb === 'NOOP') reply('250 ok');
      else reply('502 not implemented');
    }
  });
}
