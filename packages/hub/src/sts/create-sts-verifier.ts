import type { Logger } from 'pino';
import type { StsNamingEvent, StsVerifier } from './sts-verifier.js';
import { checkStsUrl } from './url-policy.js';
import { fetchCallerIdentity, type FetchCallerIdentityOptions } from './caller-identity.js';
import { decideStsIdentity } from './role-policy.js';

export interface StsVerifierOptions extends Omit<FetchCallerIdentityOptions, 'overrideBaseUrl'> {
  log: Logger;
  now: () => number;
  /** Test-only: main.ts passes config.testStsUrl, which is set only with OUTPOST_ALLOW_TEST_OVERRIDES=1. */
  testStsUrl?: string;
  /** Told how every naming attempt ended (STYLE §10.6: an event, not a log line to parse). */
  onOutcome?: (event: StsNamingEvent) => void;
}

/**
 * url-policy → GET GetCallerIdentity → role-policy. Logs the host and the outcome only: the query holds the
 * signature and the security token.
 */
export function createStsVerifier(options: StsVerifierOptions): StsVerifier {
  const log = options.log.child({ component: 'sts' });
  if (options.testStsUrl) {
    log.warn(
      { testStsUrl: options.testStsUrl },
      'TEST OVERRIDE ACTIVE: AWS STS requests go to OUTPOST_TEST_STS_URL, not AWS; never run a production hub with OUTPOST_ALLOW_TEST_OVERRIDES=1',
    );
  }
  const fetchOptions: FetchCallerIdentityOptions = {
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxBytes,
    overrideBaseUrl: options.testStsUrl,
  };
  return {
    async assignName(presignedUrl, policy) {
      const checked = checkStsUrl(presignedUrl, options.now());
      if (!checked.ok) {
        log.info({ host: hostOf(presignedUrl), outcome: 'url-refused', reason: checked.reason }, 'sts name refused');
        options.onOutcome?.({ host: hostOf(presignedUrl), outcome: 'url-refused' });
        return checked;
      }
      const started = Date.now();
      const answer = await fetchCallerIdentity(checked.url, fetchOptions);
      const durationMs = Date.now() - started;
      if (!answer.ok) {
        log.info({ host: checked.host, outcome: answer.outcome, stsCode: answer.stsCode, durationMs, reason: answer.reason }, 'sts name refused');
        options.onOutcome?.({ host: checked.host, outcome: answer.outcome, stsCode: answer.stsCode });
        return { ok: false, reason: answer.reason };
      }
      const decided = decideStsIdentity(answer.identity, policy);
      if (!decided.ok) {
        log.info({ host: checked.host, outcome: 'identity-refused', durationMs, reason: decided.reason }, 'sts name refused');
        options.onOutcome?.({ host: checked.host, outcome: 'identity-refused' });
        return decided;
      }
      log.info({ host: checked.host, outcome: 'assigned', agentName: decided.name, role: decided.role, durationMs }, 'sts name assigned');
      options.onOutcome?.({ host: checked.host, outcome: 'assigned' });
      return { ok: true, name: decided.name };
    },
  };
}

/** Only the host of whatever the agent sent, for the log line; never the query. */
function hostOf(raw: string): string | undefined {
  try {
    return new URL(raw).hostname;
  } catch {
    // Not a URL at all: there is no host to log, and the raw text may hold a secret.
    return undefined;
  }
}
