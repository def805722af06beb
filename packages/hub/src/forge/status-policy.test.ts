import { describe, expect, it } from 'vitest';
import { backoffMs, decideAfterSend, DEFAULT_RETRY_BUDGET, forgeStatusFor, statusContext, type ForgeKind, type PipelineStatusFacts } from './status-policy.js';

const p = (state: PipelineStatusFacts['state'], result: PipelineStatusFacts['result'] = null, reason: string | null = null): PipelineStatusFacts => ({ state, result, reason });

describe('forgeStatusFor', () => {
  it.each<{ name: string; forge: ForgeKind; pipeline: PipelineStatusFacts; state: string; description: string }>([
    { name: 'GitHub: a queued pipeline is pending', forge: 'github', pipeline: p('queuing'), state: 'pending', description: 'The pipeline is queued' },
    { name: 'GitHub has no running state: running is pending', forge: 'github', pipeline: p('running'), state: 'pending', description: 'The pipeline is running' },
    { name: 'GitHub: stopping is still pending', forge: 'github', pipeline: p('stopping'), state: 'pending', description: 'The pipeline is running' },
    { name: 'GitHub: passed is success', forge: 'github', pipeline: p('done', 'passed', 'test'), state: 'success', description: 'The pipeline passed' },
    { name: 'GitHub: failed tests are failure', forge: 'github', pipeline: p('done', 'failed', 'test'), state: 'failure', description: 'The pipeline failed' },
    { name: 'GitHub: a malformed pipeline is error', forge: 'github', pipeline: p('done', 'failed', 'malformed'), state: 'error', description: 'The pipeline could not run' },
    { name: 'GitHub: stopped is error (no canceled state)', forge: 'github', pipeline: p('done', 'stopped', 'user'), state: 'error', description: 'The pipeline was stopped' },
    { name: 'GitHub: canceled is error', forge: 'github', pipeline: p('done', 'canceled', 'strategy'), state: 'error', description: 'The pipeline was canceled' },
    { name: 'GitLab: queued is pending', forge: 'gitlab', pipeline: p('queuing'), state: 'pending', description: 'The pipeline is queued' },
    { name: 'GitLab: running is running', forge: 'gitlab', pipeline: p('running'), state: 'running', description: 'The pipeline is running' },
    { name: 'GitLab: passed is success', forge: 'gitlab', pipeline: p('done', 'passed', 'test'), state: 'success', description: 'The pipeline passed' },
    { name: 'GitLab: failed is failed', forge: 'gitlab', pipeline: p('done', 'failed', 'test'), state: 'failed', description: 'The pipeline failed' },
    { name: 'GitLab: stuck is failed (GitLab has no error)', forge: 'gitlab', pipeline: p('done', 'failed', 'stuck'), state: 'failed', description: 'The pipeline could not run' },
    { name: 'GitLab: stopped is canceled', forge: 'gitlab', pipeline: p('done', 'stopped', 'user'), state: 'canceled', description: 'The pipeline was stopped' },
    { name: 'GitLab: canceled is canceled', forge: 'gitlab', pipeline: p('done', 'canceled', 'user'), state: 'canceled', description: 'The pipeline was canceled' },
    { name: 'Gitea: running is pending', forge: 'gitea', pipeline: p('running'), state: 'pending', description: 'The pipeline is running' },
    { name: 'Gitea: passed is success', forge: 'gitea', pipeline: p('done', 'passed', 'test'), state: 'success', description: 'The pipeline passed' },
    { name: 'Gitea: failed is failure', forge: 'gitea', pipeline: p('done', 'failed', 'test'), state: 'failure', description: 'The pipeline failed' },
    { name: 'Gitea: internal is error', forge: 'gitea', pipeline: p('done', 'failed', 'internal'), state: 'error', description: 'The pipeline could not run' },
    { name: 'Gitea: stopped is error', forge: 'gitea', pipeline: p('done', 'stopped', 'timeout'), state: 'error', description: 'The pipeline was stopped' },
  ])('$name', ({ forge, pipeline, state, description }) => {
    expect(forgeStatusFor(forge, pipeline)).toEqual({ state, description });
  });
});

describe('statusContext', () => {
  it.each([
    { name: 'the default file', file: '.semaphore/semaphore.yml', expected: 'outpost/.semaphore/semaphore.yml' },
    { name: 'a leading ./ is dropped', file: './ci/deploy.yml', expected: 'outpost/ci/deploy.yml' },
  ])('$name', ({ file, expected }) => {
    expect(statusContext(file)).toBe(expected);
  });
});

const budget = { baseMs: 1000, capMs: 8000, maxAttempts: 5 };

describe('backoffMs', () => {
  it.each([
    { name: 'after the first failure: between half and all of the base', attempt: 1, random: 0, expected: 500 },
    { name: 'after the first failure, top of the jitter', attempt: 1, random: 0.999999, expected: 1000 },
    { name: 'doubles with each failure', attempt: 2, random: 0, expected: 1000 },
    { name: 'third failure', attempt: 3, random: 0.5, expected: 3000 },
    { name: 'capped', attempt: 10, random: 0, expected: 4000 },
    { name: 'capped at the top of the jitter', attempt: 60, random: 0.999999, expected: 8000 },
    { name: 'attempt 0 behaves like 1', attempt: 0, random: 0, expected: 500 },
  ])('$name', ({ attempt, random, expected }) => {
    expect(backoffMs(attempt, budget, random)).toBe(expected);
  });

  it('the default budget spends about 20 minutes at most', () => {
    let total = 0;
    for (let attempt = 1; attempt < DEFAULT_RETRY_BUDGET.maxAttempts; attempt++) total += backoffMs(attempt, DEFAULT_RETRY_BUDGET, 0.999999);
    expect(total).toBeGreaterThan(10 * 60_000);
    expect(total).toBeLessThan(30 * 60_000);
  });
});

describe('decideAfterSend', () => {
  it.each([
    { name: '201 Created is delivered', httpStatus: 201, retryAfterS: null, attempts: 1, expected: { kind: 'sent' } },
    { name: '200 is delivered', httpStatus: 200, retryAfterS: null, attempts: 3, expected: { kind: 'sent' } },
    { name: 'no answer (timeout, refused) is retried', httpStatus: null, retryAfterS: null, attempts: 1, expected: { kind: 'retry', waitMs: 500 } },
    { name: '500 is retried with backoff', httpStatus: 500, retryAfterS: null, attempts: 2, expected: { kind: 'retry', waitMs: 1000 } },
    { name: '503 is retried', httpStatus: 503, retryAfterS: null, attempts: 3, expected: { kind: 'retry', waitMs: 2000 } },
    { name: '429 is retried', httpStatus: 429, retryAfterS: null, attempts: 1, expected: { kind: 'retry', waitMs: 500 } },
    { name: 'Retry-After is honoured up to the cap', httpStatus: 429, retryAfterS: 6, attempts: 1, expected: { kind: 'retry', waitMs: 6000 } },
    { name: 'a 403 with Retry-After (GitHub secondary rate limit) is retried', httpStatus: 403, retryAfterS: 60, attempts: 1, expected: { kind: 'retry', waitMs: 8000 } },
    { name: '401 (a bad token) is given up', httpStatus: 401, retryAfterS: null, attempts: 1, expected: { kind: 'give-up' } },
    { name: '404 (no such repository or commit) is given up', httpStatus: 404, retryAfterS: null, attempts: 1, expected: { kind: 'give-up' } },
    { name: '422 (bad payload) is given up', httpStatus: 422, retryAfterS: null, attempts: 1, expected: { kind: 'give-up' } },
    { name: 'a redirect is not followed and is given up', httpStatus: 302, retryAfterS: null, attempts: 1, expected: { kind: 'give-up' } },
    { name: 'the budget spent ends retries', httpStatus: 500, retryAfterS: null, attempts: 5, expected: { kind: 'give-up' } },
  ])('$name', ({ httpStatus, retryAfterS, attempts, expected }) => {
    expect(decideAfterSend({ httpStatus, retryAfterS, attempts }, budget, 0)).toEqual(expected);
  });
});
