import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDescribe, WorkflowList } from '@outpost/protocol';
import { createTestRepo, type TestRepo } from '../../packages/hub/test/support/git-repo.js';
import { startFakeForge } from '../../packages/hub/test/support/fake-forge.js';
import { waitFor } from '../../test-support/wait-for.js';
import { chromiumAvailable, launchBrowser, screenshot, type Browser } from './support/browser.js';
import { bodyText, registerType, waitForText } from './support/flows.js';
import { api, startAgent, startHubProcess, stopProc, type HubProcess, type Proc } from './support/processes.js';

/** A full-page screenshot from the top (the sticky header would otherwise sit where the page was scrolled to). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

const PIPELINE = `version: v1.0
name: Project CI
agent:
  machine:
    type: s1-projects
blocks:
  - name: Test
    task:
      jobs:
        - name: Hello
          commands:
            - echo "hello from $SEMAPHORE_GIT_BRANCH at $SEMAPHORE_GIT_SHA"
`;

/**
 * Projects in the browser: create one for a local bare repository, copy its webhook URL and secret, run a branch from
 * the Run button and watch the pipeline pass on a real agent, a signed push webhook runs the next commit, reset the
 * secret, edit, delete.
 */
describe.skipIf(!chromiumAvailable())('projects in the browser', () => {
  let hub: HubProcess;
  let browser: Browser;
  let agent: Proc;
  let repo: TestRepo;

  beforeAll(async () => {
    hub = await startHubProcess();
    browser = await launchBrowser();
    const token = await registerType(browser.page, hub, 'projects');
    agent = startAgent(hub, token);
    await browser.page.getByRole('listitem', { name: /^Agent / }).waitFor({ timeout: 20_000 });
  });

  afterAll(async () => {
    if (agent) await stopProc(agent);
    await browser?.close();
    await hub?.stop();
  });

  it('creates a project, shows the webhook secret once, runs a branch on a real agent and a signed push runs the next commit', async () => {
    const { page } = browser;
    repo = await createTestRepo();
    const firstSha = await repo.commit('main', { '.semaphore/semaphore.yml': PIPELINE, 'README.md': '# demo\n' });

    await page.goto(`${hub.url}/projects`);
    await page.getByRole('heading', { name: 'No projects yet' }).waitFor();
    await shot(page, '60-projects-empty');
    await page.getByRole('link', { name: 'New project' }).click();
    await page.getByRole('heading', { name: 'New project', level: 1 }).waitFor();
    // The form's own checks come first, with the field named.
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByText('Give the project a name.').waitFor();
    await page.getByLabel('Project name').fill('demo');
    await page.getByLabel('Repository URL').fill(repo.fileUrl);
    await shot(page, '61-project-form');
    await page.getByRole('button', { name: 'Create project' }).click();

    await page.getByRole('heading', { name: 'demo', level: 1 }).waitFor();
    const webhookUrl = (await page.getByLabel('Webhook URL').textContent()) ?? '';
    const secret = (await page.getByLabel('Webhook secret').textContent()) ?? '';
    expect(webhookUrl.startsWith(hub.url)).toBe(true);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await page.getByRole('button', { name: 'Copy secret to clipboard' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await bodyText(page)).toContain('Not set (public or local repository)');
    await shot(page, '62-project-created');

    // Run main from the page; the pipeline passes on the real agent and links to its pipeline page.
    await page.getByLabel('Branch').fill('main');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText('Workflow started.').waitFor();
    const main = page.getByRole('region', { name: 'branch main' });
    await main.getByText('Passed', { exact: true }).waitFor({ timeout: 60_000 });
    expect(await main.textContent()).toContain(firstSha.slice(0, 7));
    const href = await main.getByRole('link', { name: '.semaphore/semaphore.yml' }).first().getAttribute('href');
    expect(href).toMatch(/^\/pipelines\/[0-9a-f-]+$/);
    const described = await api<PipelineDescribe>(hub, 'GET', `/api/v1alpha${href ?? ''}`);
    expect(described.body.pipeline.result).toBe('passed');
    expect(described.body.pipeline.commit_sha).toBe(firstSha);
    await shot(page, '63-project-run-passed');

    // The secret is not shown again: a reload forgets it, as the hub does.
    await page.reload();
    await page.getByRole('heading', { name: 'demo', level: 1 }).waitFor();
    expect(await page.getByLabel('Webhook secret').count()).toBe(0);
    await waitForText(page, 'The secret was shown when it was made');

    // Commit statuses to a stand-in GitHub, set from the page; its first call fails and is retried.
    const forge = await startFakeForge();
    forge.failNext(1, 502, 'bad gateway');
    await page.getByRole('button', { name: 'Change' }).click();
    await page.getByLabel('Forge', { exact: true }).selectOption('github');
    await page.getByLabel('API URL (optional)').fill(forge.url);
    await page.getByLabel('Repository on the forge (optional)').fill('acme/demo');
    await page.getByLabel('Status token (optional)').fill('ghs_browser_status_token');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await waitForText(page, 'the status token set here');
    await waitForText(page, `github · ${forge.url} · acme/demo`);

    // A push delivered to the copied URL, signed with the copied secret as GitHub signs, runs the new commit.
    const secondSha = await repo.commit('main', { 'README.md': '# demo, second\n' });
    const delivery = JSON.stringify({ ref: 'refs/heads/main', before: firstSha, after: secondSha, repository: { full_name: 'acme/demo' }, head_commit: { id: secondSha, message: 'second' }, commits: [] });
    const signature = `sha256=${createHmac('sha256', secret).update(delivery).digest('hex')}`;
    const pushed = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'delivery-1', 'x-hub-signature-256': signature },
      body: delivery,
    });
    expect(pushed.status).toBeLessThan(300);
    await waitFor(async () => (await main.textContent())?.includes(secondSha.slice(0, 7)), { timeoutMs: 30_000, message: 'the pushed commit on the page' });
    const projects = await api<Array<{ metadata: { id: string } }>>(hub, 'GET', '/api/v1alpha/projects');
    const workflows = await waitFor(async () => {
      const list = await api<WorkflowList>(hub, 'GET', `/api/v1alpha/plumber-workflows?project_id=${projects.body[0]?.metadata.id ?? ''}`);
      const pushedRun = list.body.find((w) => w.commit_sha === secondSha);
      return pushedRun?.initial_ppl_result.toUpperCase() === 'PASSED' ? list.body : undefined;
    }, { timeoutMs: 60_000, message: 'the pushed commit’s pipeline to pass' });
    expect(workflows).toHaveLength(2);
    await main.getByText('Passed', { exact: true }).nth(1).waitFor();
    await main.getByText('Reported success to the commit').waitFor({ timeout: 20_000 });
    const reported = forge.requests.filter((r) => r.status === 201);
    expect(forge.requests[0]?.status).toBe(502);
    expect(reported.at(-1)).toMatchObject({ path: `/repos/acme/demo/statuses/${secondSha}`, body: { state: 'success', context: 'outpost/.semaphore/semaphore.yml' } });
    expect(reported.at(-1)?.headers.authorization).toBe('Bearer ghs_browser_status_token');
    await shot(page, '64-project-pushed');

    // The pipeline page says how the report to the commit went, too.
    const pushedRun = workflows.find((w) => w.commit_sha === secondSha);
    await page.goto(`${hub.url}/pipelines/${pushedRun?.initial_ppl_id ?? ''}`);
    await page.getByText('Reported success to the commit').waitFor({ timeout: 20_000 });
    await shot(page, '64b-pipeline-commit-status');
  });

  it('lists the project with its last result, resets the secret, edits the settings and deletes with confirmation', async () => {
    const { page } = browser;
    await page.goto(`${hub.url}/projects`);
    const row = page.getByRole('listitem').filter({ hasText: 'demo' });
    await row.getByText('Passed', { exact: true }).waitFor({ timeout: 20_000 });
    await shot(page, '65-projects-list');

    await row.getByRole('link', { name: 'demo' }).click();
    await page.getByRole('heading', { name: 'demo', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Reset secret' }).click();
    await page.getByRole('dialog', { name: 'Reset the webhook secret?' }).getByRole('button', { name: 'Reset secret' }).click();
    const secret = (await page.getByLabel('Webhook secret').textContent()) ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await shot(page, '66-project-secret-reset');

    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.getByRole('heading', { name: 'Edit demo', level: 1 }).waitFor();
    await page.getByLabel('Branches that run (optional)').fill('main\n/release-.*/');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'demo', level: 1 }).waitFor();
    await waitForText(page, 'main, /release-.*/');

    // Phone width: one column, nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, '67-project-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog', { name: 'Delete project demo?' }).getByRole('button', { name: 'Delete project' }).click();
    await page.getByText('Project demo deleted.').waitFor();
    await page.getByRole('heading', { name: 'No projects yet' }).waitFor();
  });
});
