import { describe, expect, it } from 'vitest';
import { interpretStsAnswer, swapOrigin } from './caller-identity.js';

const ARN = 'arn:aws:sts::123456789012:assumed-role/outpost-agents/i-0123456789abcdef0';
const JSON_OK = JSON.stringify({
  GetCallerIdentityResponse: {
    GetCallerIdentityResult: { Account: '123456789012', Arn: ARN, UserId: 'AROAX:i-0123456789abcdef0' },
    ResponseMetadata: { RequestId: 'r' },
  },
});
const XML_OK = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult><Arn>${ARN}</Arn><UserId>AROAX:i-0123456789abcdef0</UserId><Account>123456789012</Account></GetCallerIdentityResult>
  <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`;
const IDENTITY = { account: '123456789012', arn: ARN, userId: 'AROAX:i-0123456789abcdef0' };
const SECRET_TOKEN = 'IQoJb3JpZ2luSecretToken';

describe('interpretStsAnswer', () => {
  it.each([
    { name: 'a JSON answer (Accept: application/json, spec §5.4)', status: 200, type: 'application/json', body: JSON_OK, want: { ok: true, identity: IDENTITY } },
    { name: 'an XML answer (STS ignores Accept sometimes)', status: 200, type: 'text/xml', body: XML_OK, want: { ok: true, identity: IDENTITY } },
    { name: 'JSON without a content type', status: 200, type: '', body: JSON_OK, want: { ok: true, identity: IDENTITY } },
    { name: 'an account of digits stays a string with its leading zeros', status: 200, type: 'text/xml', body: XML_OK.replace(/123456789012/g, '012345678901'), want: { ok: true, identity: { ...IDENTITY, account: '012345678901', arn: ARN.replace('123456789012', '012345678901') } } },
  ])('reads $name', ({ status, type, body, want }) => {
    expect(interpretStsAnswer(status, type, body)).toEqual(want);
  });

  it.each([
    { name: 'JSON without the result', status: 200, type: 'application/json', body: '{"GetCallerIdentityResponse":{}}', reason: 'without a GetCallerIdentity result', outcome: 'bad-response' },
    { name: 'a numeric Account', status: 200, type: 'application/json', body: JSON_OK.replace('"123456789012"', '123456789012'), reason: 'without a GetCallerIdentity result', outcome: 'bad-response' },
    { name: 'malformed JSON', status: 200, type: 'application/json', body: '{"GetCaller', reason: 'without a GetCallerIdentity result', outcome: 'bad-response' },
    { name: 'an HTML page', status: 200, type: 'text/html', body: '<html><body>hi</body></html>', reason: 'without a GetCallerIdentity result', outcome: 'bad-response' },
    { name: 'plain text', status: 200, type: 'text/plain', body: 'ok', reason: 'without a GetCallerIdentity result', outcome: 'bad-response' },
    {
      name: 'a JSON STS error',
      status: 403,
      type: 'application/json',
      body: JSON.stringify({ Error: { Code: 'SignatureDoesNotMatch', Message: 'The request signature we calculated does not match.', Type: 'Sender' } }),
      reason: 'AWS STS refused the pre-signed URL (HTTP 403, SignatureDoesNotMatch: The request signature we calculated does not match.); the URL was changed after it was signed',
      outcome: 'sts-error',
    },
    {
      name: 'an XML STS error',
      status: 403,
      type: 'text/xml',
      body: '<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error></ErrorResponse>',
      reason: 'AWS STS refused the pre-signed URL (HTTP 403, ExpiredToken: The security token included in the request is expired); the temporary credentials that signed the URL have expired',
      outcome: 'sts-error',
    },
    { name: 'an error without a body', status: 503, type: '', body: '', reason: 'AWS STS refused the pre-signed URL (HTTP 503, HTTP 503)', outcome: 'sts-error' },
    { name: 'an unknown error code', status: 400, type: 'application/json', body: '{"Error":{"Code":"Throttling","Message":"Rate exceeded"}}', reason: 'AWS STS refused the pre-signed URL (HTTP 400, Throttling: Rate exceeded)', outcome: 'sts-error' },
    { name: 'a 200-like body with another status', status: 201, type: 'application/json', body: JSON_OK, reason: 'HTTP 201', outcome: 'sts-error' },
  ])('refuses $name', ({ status, type, body, reason, outcome }) => {
    const result = interpretStsAnswer(status, type, body);
    expect(result).toMatchObject({ ok: false, outcome });
    expect(result.ok ? '' : result.reason).toContain(reason);
  });

  it('cuts a quoted canonical request and scrubs the token and signature from STS messages', () => {
    const message = `Signature mismatch for ${SECRET_TOKEN}. The Canonical String for this request should have been 'GET / X-Amz-Security-Token=${SECRET_TOKEN}'`;
    const result = interpretStsAnswer(403, 'application/json', JSON.stringify({ Error: { Code: 'SignatureDoesNotMatch', Message: message } }), [SECRET_TOKEN]);
    const reason = result.ok ? '' : result.reason;
    expect(reason).toContain('Signature mismatch for [redacted].');
    expect(reason).not.toContain(SECRET_TOKEN);
    expect(reason).not.toContain('Canonical');
  });

  it('caps a long STS message and drops control characters', () => {
    const result = interpretStsAnswer(400, 'application/json', JSON.stringify({ Error: { Code: 'X', Message: `a\nb\u0007${'z'.repeat(1000)}` } }));
    const reason = result.ok ? '' : result.reason;
    expect(reason).toContain('X: a b');
    expect(reason.length).toBeLessThan(400);
  });

  it('ignores a code that is not a plain identifier', () => {
    const result = interpretStsAnswer(400, 'application/json', JSON.stringify({ Error: { Code: '<script>', Message: 'm' } }));
    expect(result).toMatchObject({ ok: false, stsCode: undefined });
    expect(result.ok ? '' : result.reason).toContain('(HTTP 400, HTTP 400: m)');
  });
});

describe('swapOrigin', () => {
  const url = new URL('https://sts.amazonaws.com/?Action=GetCallerIdentity&X-Amz-Signature=abc');
  it.each([
    { name: 'a bare base URL', base: 'http://127.0.0.1:4567', want: 'http://127.0.0.1:4567/?Action=GetCallerIdentity&X-Amz-Signature=abc' },
    { name: 'a base URL with a trailing slash', base: 'http://127.0.0.1:4567/', want: 'http://127.0.0.1:4567/?Action=GetCallerIdentity&X-Amz-Signature=abc' },
    { name: 'a base URL with a path', base: 'http://127.0.0.1:4567/sts', want: 'http://127.0.0.1:4567/sts/?Action=GetCallerIdentity&X-Amz-Signature=abc' },
  ])('keeps path and query for $name', ({ base, want }) => {
    expect(swapOrigin(url, base)).toBe(want);
  });
});
