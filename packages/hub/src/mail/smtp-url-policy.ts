/** smtp://user:password@host:port (STARTTLS when the server offers it) or smtps:// (TLS from the start). */
export function smtpConnection(smtpUrl: string): { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } } {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error('OUTPOST_SMTP_URL must be a URL like smtp://user:password@mail.example.com:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`OUTPOST_SMTP_URL must start with smtp:// or smtps://; got ${url.protocol}//`);
  const secure = url.protocol === 'smtps:';
  const auth = url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined;
  return { host: url.hostname, port: url.port ? Number(url.port) : secure ? 465 : 587, secure, ...(auth ? { auth } : {}) };
}
