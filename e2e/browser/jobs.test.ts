import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for.js';
import { chromiumAvailable, launchBrowser, screenshot, type Browser } from './support/browser.js';
import { registerType, waitForText } from './support/flows.js';
import type { Job } from '@outpost/protocol';
import { api, startAgent, startHubProcess, stopProc, type HubProcess, type Proc } from './support/processes.js';

// A small log budget so one job can show the trimmed marker; every other job here logs far less.
const LOG_BUDGET_BYTES = 64 * 1024;

/**
 * Jobs in the browser: run one from the form on a real agent, watch its log arrive, stop one, filter the list.
 * Each test makes the jobs it looks at (through the API where the form is not what it tests), with names of its
 * own, so every test passes alone and in any order.
 */
describe.skipIf(!chromiumAvailable())('jobs in the browser', () => {
  let hub: HubProcess;
  let browser: Browser;
  let agent: Proc;
  const files: string[] = [];

  beforeAll(async () => {
    hub = await startHubProcess({ OUTPOST_LOG_BUDGET_BYTES: String(LOG_BUDGET_BYTES) });
    browser = await launchBrowser();
    const token = await registerType(browser.page, hub, 'jobs');
    agent = startAgent(hub, token);
    await browser.page.getByRole('listitem', { name: /^Agent / }).waitFor({ timeout: 20_000 });
  });

  afterAll(async () => {
    if (agent) await stopProc(agent);
    await browser?.close();
    await hub?.stop();
    for (const file of files) rmSync(file, { force: true });
  });

  async function runJob(page: Page, name: string, commands: string[]): Promise<void> {
    await page.goto(`${hub.url}/jobs`);
    await page.getByRole('link', { name: 'Run a job' }).first().click();
    await page.getByRole('heading', { name: 'Run a job', level: 1 }).waitFor();
    await page.getByLabel('Agent type').selectOption('s1-jobs');
    await page.getByLabel('Job name').fill(name);
    await page.getByLabel('Commands').fill(commands.join('\n'));
    await page.getByRole('button', { name: 'Run job' }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
  }

  const log = (page: Page) => page.getByRole('region', { name: 'Job log' });

  /** A job submitted through the API and run to its end on the suite's agent. */
  async function finishedJob(name: string, commands: string[]): Promise<Job> {
    const submitted = await api<Job>(hub, 'POST', '/api/v1alpha/jobs', { metadata: { name }, spec: { agent: { machine: { type: 's1-jobs' } }, commands } });
    expect(submitted.status).toBe(200);
    return waitFor(
      async () => {
        const job = (await api<Job>(hub, 'GET', `/api/v1alpha/jobs/${submitted.body.metadata.id}`)).body;
        return job.status.state === 'FINISHED' ? job : undefined;
      },
      { timeoutMs: 30_000, message: `the job '${name}' to finish` },
    );
  }

  it('runs a job from the form and shows its log live, folded per command, in colour, with HTML kept as text', async () => {
    const { page } = browser;
    const gate = join(tmpdir(), `outpost-browser-gate-${randomBytes(6).toString('hex')}`);
    files.push(gate);
    await runJob(page, 'Hello from the browser', [
      `echo '<b>not bold</b> & <script>alert(1)</script>'`,
      `printf '\\033[32mgreen text\\033[0m and plain\\n'`,
      'echo first line',
      `while [ ! -f ${gate} ]; do sleep 0.1; done`,
      'echo after the gate',
    ]);

    // The first lines arrive while the job still waits at the gate: the log is live, not loaded at the end.
    await waitForText(page, 'first line', 30_000);
    await page.getByText('Running', { exact: true }).first().waitFor();
    expect(await log(page).textContent()).not.toContain('after the gate');
    await screenshot(page, '20-job-running');
    writeFileSync(gate, '');
    await waitForText(page, 'after the gate');
    await page.getByText('Passed', { exact: true }).first().waitFor({ timeout: 20_000 });

    const green = log(page).locator('span.a-fg2', { hasText: 'green text' });
    expect(await green.count()).toBe(1);
    expect(await log(page).textContent()).toContain('<b>not bold</b> & <script>alert(1)</script>');
    expect(await log(page).locator('b, script').count()).toBe(0);
    // One fold per command with its exit code; the agent's own passed steps start folded.
    const headers = await log(page).locator('.fold-header').allTextContents();
    expect(headers.some((h) => h.includes('echo first line') && h.includes('exit 0'))).toBe(true);
    expect(await page.getByRole('button', { name: /Exporting environment variables/ }).first().getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('button', { name: 'Stop', exact: true }).count()).toBe(0);
    await screenshot(page, '21-job-passed');

    // Folds open and close by keyboard.
    const fold = page.getByRole('button', { name: /echo first line/ });
    await fold.focus();
    await page.keyboard.press('Enter');
    expect(await fold.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    expect(await fold.getAttribute('aria-expanded')).toBe('true');
  });

  it('shows a failing command with its exit code, and stops a running job with Stop', async () => {
    const { page } = browser;
    await runJob(page, 'Fails on purpose', ['echo about to fail', 'exit 3']);
    await page.getByText('Failed', { exact: true }).first().waitFor({ timeout: 30_000 });
    await waitFor(async () => (await log(page).locator('.fold-failed .fold-header').allTextContents()).some((h) => h.includes('exit 3')), {
      message: 'the failed fold with exit 3',
    });
    await screenshot(page, '22-job-failed');

    await runJob(page, 'Runs until stopped', ['echo waiting to be stopped', 'sleep 300']);
    await waitForText(page, 'waiting to be stopped', 30_000);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByText('Stopped', { exact: true }).first().waitFor({ timeout: 30_000 });
  });

  it('marks a log that reached the size budget as trimmed', async () => {
    const { page } = browser;
    await runJob(page, 'Too much output', ['for i in $(seq 1 4000); do echo "line $i of a log that is far too long for its budget"; done']);
    await page.getByRole('note').filter({ hasText: 'The log was trimmed here' }).waitFor({ timeout: 30_000 });
    await screenshot(page, '23-job-trimmed');
  });

  // The hub's CSP (style-src 'self') drops style="" attributes: the colours must arrive through classes or the CSSOM.
  it('renders 256-colour and truecolour output in its colours under the hub\'s CSP', async () => {
    const { page } = browser;
    const job = await finishedJob('Many colours', [`printf '\\033[38;5;196mred 256\\033[0m \\033[48;2;16;32;48mdeep blue ground\\033[0m\\n'`]);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    await page.goto(`${hub.url}/jobs/${job.metadata.id}`);
    const red = log(page).getByText('red 256', { exact: true });
    await red.waitFor();
    expect(await red.evaluate((element) => getComputedStyle(element).color)).toBe('rgb(255, 0, 0)');
    const ground = log(page).getByText('deep blue ground', { exact: true });
    expect(await ground.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(16, 32, 48)');
    expect(violations).toEqual([]);
  });

  // Browsers read `\` as `/`: navigating to `/\evil.example/` would leave the origin (a SecurityError, a blank page).
  it('signs in from a link whose ?next= points at another site and stays on the hub', async () => {
    const context = await browser.context.browser()!.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${hub.url}/sign-in?next=${encodeURIComponent('/\\evil.example/')}`);
      await page.getByLabel('Email').fill(hub.email);
      await page.getByLabel('Password').fill(hub.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Self-hosted agents', level: 1 }).waitFor();
      expect(new URL(page.url()).origin).toBe(new URL(hub.url).origin);
    } finally {
      await context.close();
    }
  });

  it('lists jobs with filters by state and agent type, kept in the URL', async () => {
    const { page } = browser;
    expect((await finishedJob('Listed and passed', ['echo listed'])).status.result).toBe('PASSED');
    expect((await finishedJob('Listed and failed', ['exit 1'])).status.result).toBe('FAILED');
    await page.goto(`${hub.url}/jobs`);
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Listed and passed' }).waitFor();
    await screenshot(page, '24-jobs-list');

    await page.getByLabel('State').selectOption('FINISHED');
    await waitFor(() => page.url().includes('state=FINISHED'), { message: 'the filter in the URL' });
    await page.getByLabel('Agent type').selectOption('s1-jobs');
    await waitFor(() => page.url().includes('agent_type=s1-jobs'), { message: 'the type filter in the URL' });
    await page.getByRole('link', { name: 'Listed and failed' }).waitFor();
    await page.getByLabel('State').selectOption('QUEUED');
    await page.getByText('No jobs match these filters').waitFor();
    await page.reload();
    expect(await page.getByLabel('State').inputValue()).toBe('QUEUED');
  });

  it('fits a phone: the jobs list and a job page without sideways scrolling', async () => {
    const { page } = browser;
    await finishedJob('Seen on a phone', ['echo small screen']);
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${hub.url}/jobs`);
      await page.getByRole('link', { name: 'Seen on a phone' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await screenshot(page, '25-phone-jobs');
      await page.getByRole('link', { name: 'Seen on a phone' }).click();
      await page.getByText('Passed', { exact: true }).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await screenshot(page, '26-phone-job');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});
