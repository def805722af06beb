import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { ORIGINAL_HOST_HEADER } from '../../src/sts/caller-identity.js';
import { TEST_CREDENTIALS, type TestAwsCredential } from './presign-sts.js';

/**
 * A fake AWS STS for tests, on 127.0.0.1:0: it recomputes the SigV4 query signature of GetCallerIdentity for
 * known test credentials (with the same library the agent signs with) and answers with their identity, in JSON
 * for `Accept: application/json` and XML otherwise. The hub reaches it only through OUTPOST_TEST_STS_URL.
 */

/** One scripted answer, used instead of the normal one for the next request. */
export type FakeStsAnswer =
  | { kind: 'redirect'; status?: number; location: string }
  | { kind: 'raw'; status: number; contentType: string; body: string }
  /** Never answers (stall) or sends headers and half a body (stall-body); close() drops the connection. */
  | { kind: 'stall' }
  | { kind: 'stall-body' }
  /** A 200 body of about `bytes`, with a Content-Length (declared) or chunked without one. */
  | { kind: 'huge'; bytes: number; declared: boolean };

export interface FakeStsRequest {
  method: string;
  path: string;
  accept: string | undefined;
  /** The host the URL was signed for, as the hub's test override names it. */
  signedHost: string | undefined;
  /** The query parameter names (never their values, like the hub's own logs). */
  queryKeys: string[];
  outcome: string;
}

export interface FakeSts {
  /** The base URL to pass as OUTPOST_TEST_STS_URL, e.g. http://127.0.0.1:41234 */
  url: string;
  requests: FakeStsRequest[];
  /** Answers the next requests with these, in order, before going back to normal. */
  script(...answers: FakeStsAnswer[]): void;
  close(): Promise<void>;
}

export interface FakeStsOptions {
  credentials?: TestAwsCredential[];
  now?: () => number;
}

export async function startFakeSts(options: FakeStsOptions = {}): Promise<FakeSts> {
  const credentials = new Map((options.credentials ?? TEST_CREDENTIALS).map((c) => [c.accessKeyId, c]));
  const now = options.now ?? Date.now;
  const scripted: FakeStsAnswer[] = [];
  const requests: FakeStsRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake-sts');
    const record = (outcome: string): void => {
      const signedHost = req.headers[ORIGINAL_HOST_HEADER];
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        accept: req.headers.accept,
        signedHost: typeof signedHost === 'string' ? signedHost : undefined,
        queryKeys: [...url.searchParams.keys()],
        outcome,
      });
    };
    const answer = scripted.shift();
    if (answer) {
      record(answer.kind);
      playScripted(answer, res);
      return;
    }
    void answerNormally(req, url, { credentials, now }).then(({ status, outcome, body }) => {
      record(outcome);
      reply(req, res, status, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...answers) => void scripted.push(...answers),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type StsBody = { ok: true; identity: TestAwsCredential } | { ok: false; code: string; message: string };

async function answerNormally(
  req: IncomingMessage,
  url: URL,
  ctx: { credentials: Map<string, TestAwsCredential>; now: () => number },
): Promise<{ status: number; outcome: string; body: StsBody }> {
  const q = url.searchParams;
  const fail = (status: number, code: string, message: string) => ({ status, outcome: code, body: { ok: false as const, code, message } });
  if (req.method !== 'GET' || url.pathname !== '/' || q.get('Action') !== 'GetCallerIdentity') {
    return fail(400, 'InvalidAction', 'Could not find operation for this request');
  }
  const scope = /^([A-Z0-9]+)\/(\d{8})\/([a-z0-9-]+)\/sts\/aws4_request$/.exec(q.get('X-Amz-Credential') ?? '');
  const signature = q.get('X-Amz-Signature');
  const amzDate = q.get('X-Amz-Date') ?? '';
  const expires = Number(q.get('X-Amz-Expires'));
  if (!scope || !signature || !/^\d{8}T\d{6}Z$/.test(amzDate) || !Number.isInteger(expires)) {
    return fail(400, 'IncompleteSignature', 'The request signature does not conform to AWS standards.');
  }
  const [, accessKeyId, , region] = scope as unknown as [string, string, string, string];
  const credential = ctx.credentials.get(accessKeyId);
  if (!credential || (q.get('X-Amz-Security-Token') ?? undefined) !== credential.sessionToken) {
    return fail(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
  }
  const signedAt = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`);
  if (ctx.now() > signedAt + expires * 1000) return fail(403, 'AccessDenied', 'Request has expired.');
  // The hub's test override connects here but names the host the URL was signed for (real STS sees it as Host).
  const originalHost = req.headers[ORIGINAL_HOST_HEADER];
  const host = typeof originalHost === 'string' ? originalHost : (req.headers.host ?? '');
  if (await signatureMatches(url, host, region, credential, new Date(signedAt), expires, signature)) {
    return { status: 200, outcome: 'ok', body: { ok: true, identity: credential } };
  }
  return fail(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
  );
}

/** Re-signs the request for `host` with the credential's secret and compares signatures in constant time. */
async function signatureMatches(
  url: URL,
  host: string,
  region: string,
  credential: TestAwsCredential,
  signingDate: Date,
  expiresIn: number,
  signature: string,
): Promise<boolean> {
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (!key.startsWith('X-Amz-')) query[key] = value;
  const signer = new SignatureV4({
    credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey, sessionToken: credential.sessionToken },
    region,
    service: 'sts',
    sha256: Sha256,
  });
  const expected = await signer.presign(
    { method: 'GET', protocol: 'https:', hostname: host, path: '/', query, headers: { host } },
    { signingDate, expiresIn },
  );
  const want = Buffer.from(String(expected.query?.['X-Amz-Signature'] ?? ''));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

function reply(req: IncomingMessage, res: ServerResponse, status: number, body: StsBody): void {
  const json = (req.headers.accept ?? '').includes('application/json');
  const requestId = '00000000-0000-4000-8000-000000000000';
  res.statusCode = status;
  res.setHeader('content-type', json ? 'application/json' : 'text/xml');
  if (body.ok) {
    const { account, arn } = body.identity;
    const userId = `AROAOUTPOSTTEST:${arn.split('/').pop()}`;
    res.end(
      json
        ? JSON.stringify({
            GetCallerIdentityResponse: {
              GetCallerIdentityResult: { Account: account, Arn: arn, UserId: userId },
              ResponseMetadata: { RequestId: requestId },
            },
          })
        : `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <GetCallerIdentityResult>\n    <Arn>${arn}</Arn>\n    <UserId>${userId}</UserId>\n    <Account>${account}</Account>\n  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n`,
    );
    return;
  }
  const type = status >= 500 ? 'Receiver' : 'Sender';
  res.end(
    json
      ? JSON.stringify({ Error: { Code: body.code, Message: body.message, Type: type }, RequestId: requestId })
      : `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${body.code}</Code>\n    <Message>${body.message}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
  );
}

function playScripted(answer: FakeStsAnswer, res: ServerResponse): void {
  switch (answer.kind) {
    case 'redirect':
      res.writeHead(answer.status ?? 302, { location: answer.location }).end();
      return;
    case 'raw':
      res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
      return;
    case 'stall':
      return;
    case 'stall-body':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"GetCallerIdentityResponse":');
      return;
    case 'huge': {
      const body = `{"padding":"${'x'.repeat(answer.bytes)}"}`;
      if (answer.declared) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < body.length; i += 8192) res.write(body.slice(i, i + 8192));
      res.end();
      return;
    }
  }
}
