import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for.js';
import { chromiumAvailable, launchBrowser, screenshot, type Browser } from './support/browser.js';
import { bodyText, ensureSignedIn, registerType, waitForText } from './support/flows.js';
import { api, DOWNLOADS_DIR, registerFakeAgent, startAgent, startHubProcess, stopProc, type HubProcess, type Proc } from './support/processes.js';

/**
 * The seed's flow in a real browser against a real hub and a real agent: organization menu → Self-hosted agents →
 * Add self-hosted agent type → Register → install instructions with Reveal → the agent appears, live.
 */
describe.skipIf(!chromiumAvailable())('self-hosted agents in the browser', () => {
  let hub: HubProcess;
  let browser: Browser;
  const agents: Proc[] = [];

  beforeAll(async () => {
    hub = await startHubProcess();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const agent of agents) await stopProc(agent);
    await browser?.close();
    await hub?.stop();
  });

  it('signs in, refusing a wrong password, and reaches Self-hosted agents through the organization menu by keyboard', async () => {
    const { page } = browser;
    await page.goto(`${hub.url}/self-hosted-agents`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(page.url()).toContain('/sign-in?next=%2Fself-hosted-agents');
    await screenshot(page, '01-sign-in');

    await page.getByLabel('Email').fill(hub.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The email or password is not right.' }).waitFor();

    await page.getByLabel('Password').fill(hub.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Self-hosted agents', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'No self-hosted agents yet' }).waitFor();
    await screenshot(page, '02-agent-types-zero-state');

    // The organization menu, top right, by keyboard only: open, move down, choose.
    const menuButton = page.getByRole('button', { name: /Outpost/ });
    const box = await menuButton.boundingBox();
    expect(box && box.x > 1280 / 2).toBe(true);
    await menuButton.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Self-hosted agents');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Jobs');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    await menuButton.click();
    await page.getByRole('menuitem', { name: 'Self-hosted agents' }).click();
    await page.getByRole('heading', { name: 'Self-hosted agents', level: 1 }).waitFor();

    // The session survives a reload (HttpOnly cookie); scripts cannot read it.
    await page.reload();
    await page.getByRole('heading', { name: 'Self-hosted agents', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.cookie)).not.toContain('outpost_session');

    // Sign out from the same menu: the session ends on the hub, so a protected page asks to sign in again.
    await menuButton.click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(`${hub.url}/self-hosted-agents`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it('registers a type: fixed s1- prefix with a live hint, revealed fields, a server error at its field, then the token once', async () => {
    const { page } = browser;
    await ensureSignedIn(page, hub);
    await page.getByRole('link', { name: 'Add self-hosted agent type' }).click();
    await page.getByRole('heading', { name: 'New Self-Hosted Agent Type' }).waitFor();
    const register = page.getByRole('button', { name: 'Looks good. Register' });
    expect(await register.isDisabled()).toBe(true);

    const name = page.getByLabel('Name of the Self-Hosted Agent Type');
    await name.pressSequentially('browser');
    expect(await page.locator('.field-hint').first().textContent()).toContain('will be registered as: s1-browser');
    expect(await register.isDisabled()).toBe(false);

    await page.getByLabel('Agent name is assigned from a pre-signed AWS STS GetCallerIdentity URL').check();
    await page.getByLabel('What is the AWS account ID?').waitFor();
    expect(await page.getByLabel('What are the AWS IAM role names allowed?').getAttribute('placeholder')).toBe('my-role-1,another-role-*');
    await screenshot(page, '03a-agent-type-form-sts');
    await page.getByLabel('Agent name is directly assigned by the agent.').check();
    expect(await page.getByLabel('What is the AWS account ID?').count()).toBe(0);

    await page.getByLabel('Agent name is reusable only after some time from it disconnecting').check();
    const seconds = page.getByLabel('How much time (in seconds)?');
    await seconds.fill('30');
    await register.click();
    // The hub's own validation message, shown at the field it names.
    await page.locator('.field-invalid').filter({ hasText: 'at least 60 seconds' }).waitFor();
    expect(await seconds.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, '03-agent-type-form-error');

    await seconds.fill('120');
    await register.click();
    await page.getByRole('heading', { name: 's1-browser', level: 1 }).waitFor();
    await waitForText(page, "For your own security, we'll show you the token only once");
    await waitForText(page, 'Reusable only 2 minutes after the agent disconnects');
    // The install instructions run this hub's own install.sh, with the token from the variable the token step sets.
    await waitForText(page, `curl -fsSL ${hub.url}/install.sh | sudo SEMAPHORE_REGISTRATION_TOKEN="$SEMAPHORE_AGENT_TOKEN" bash`);
    await screenshot(page, '04-agent-type-registered');

    await page.getByRole('button', { name: 'Reveal', exact: true }).click();
    const token = (await page.getByLabel('Registration token value').textContent()) ?? '';
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    await waitForText(page, `export SEMAPHORE_AGENT_TOKEN='${token}'`);
    await screenshot(page, '05-agent-type-token-revealed');

    for (const tab of ['Linux', 'macOS', 'By hand', 'Windows', 'Kubernetes', 'AWS']) {
      await page.getByRole('tab', { name: tab }).click();
      expect(await page.getByRole('tab', { name: tab }).getAttribute('aria-selected')).toBe('true');
    }
    await waitForText(page, 'ssm put-parameter');
    await page.getByRole('tab', { name: 'AWS' }).focus();
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('tab', { name: 'Kubernetes' }).getAttribute('aria-selected')).toBe('true');
    await screenshot(page, '06-install-kubernetes');

    // Shown this once: a reload (or any later visit) has no token and no Reveal.
    await page.reload();
    await page.getByRole('heading', { name: 's1-browser', level: 1 }).waitFor();
    await waitForText(page, 'Use the registration token shown when this type was registered');
    expect(await page.getByRole('button', { name: 'Reveal', exact: true }).count()).toBe(0);
    expect(await bodyText(page)).not.toContain(token);
    expect(await page.content()).not.toContain(token);
  });

  it('shows an agent, downloaded from this hub and started with the token, within moments and without a reload; disconnects it', async () => {
    const { page } = browser;
    const token = await registerType(page, hub, 'live');
    await page.getByText('Waiting for agents.').waitFor();
    // The agent the instructions download, from the URL they show.
    const downloadUrl = `${hub.url}/downloads/agent.mjs`;
    await page.getByRole('tab', { name: 'By hand' }).click();
    await waitForText(page, `curl -fsSLo agent.mjs ${downloadUrl}`);
    const download = await fetch(downloadUrl);
    expect(download.status).toBe(200);
    mkdirSync(DOWNLOADS_DIR, { recursive: true });
    const file = join(DOWNLOADS_DIR, `agent-${process.pid}.mjs`);
    writeFileSync(file, Buffer.from(await download.arrayBuffer()));
    const agent = startAgent(hub, token, [], file);
    agents.push(agent);

    const card = page.getByRole('listitem', { name: /^Agent / });
    await card.waitFor({ timeout: 20_000 });
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Waiting for a job');
    expect(text).toMatch(/Connected (just now|\d+ seconds ago)/);
    expect(text).toContain(`PID ${agent.child.pid}`);
    expect(text).toContain('127.0.0.1');
    await waitForText(page, '1 connected agent');
    expect(await page.getByRole('button', { name: 'Delete…' }).isDisabled()).toBe(true);
    await screenshot(page, '07-agent-connected');

    const agentName = (await card.locator('.agent-name').textContent()) ?? '';
    await page.getByRole('button', { name: `Disconnect ${agentName}` }).click();
    await page.getByRole('dialog', { name: `Disconnect ${agentName}?` }).waitFor();
    await screenshot(page, '07a-disconnect-dialog', { fullPage: false });
    await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
    // Disabled at once; the agent is told to shut down at its next sync and leaves the list.
    await waitFor(async () => {
      const texts = await card.allTextContents();
      return texts.length === 0 || texts.some((t) => t.includes('Already disconnected'));
    }, {
      timeoutMs: 10_000,
      message: 'the card to read "Already disconnected"',
    });
    expect(await agent.exited).toBe(0);
    rmSync(file, { force: true });
    await page.getByText('Waiting for agents.').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'Delete…' }).isDisabled()).toBe(false);
  });

  it('marks an agent older than the version this hub serves, and says how to upgrade it', async () => {
    const { page } = browser;
    const token = await registerType(page, hub, 'versions');
    expect(await registerFakeAgent(hub, token, 'current-agent-01', '0.1.0')).toBe(201);
    expect(await registerFakeAgent(hub, token, 'outdated-agent-01', '0.0.9')).toBe(201);
    const outdated = page.getByRole('listitem', { name: 'Agent outdated-agent-01' }).locator('.agent-version-outdated');
    await outdated.waitFor({ timeout: 20_000 });
    expect(await outdated.getAttribute('title')).toBe('A new version 0.1.0 is available: run the install command again to upgrade');
    const current = page.getByRole('listitem', { name: 'Agent current-agent-01' });
    await current.waitFor();
    expect(await current.locator('.agent-version-outdated').count()).toBe(0);
    await screenshot(page, '07b-agent-outdated');
  });

  it('resets the token, disconnecting running agents: the new token is revealed once and the old one stops working', async () => {
    const { page } = browser;
    const oldToken = await registerType(page, hub, 'reset');
    const agent = startAgent(hub, oldToken);
    agents.push(agent);
    await page.getByRole('listitem', { name: /^Agent / }).waitFor({ timeout: 20_000 });

    await page.getByRole('button', { name: 'Reset token…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset token for s1-reset?' });
    await dialog.waitFor();
    await dialog.getByLabel('Disconnect all currently running agents').check();
    await screenshot(page, '08-reset-token-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: 'Reset token' }).click();

    await page.getByRole('heading', { name: 'The registration token was reset' }).waitFor();
    await page.getByRole('button', { name: 'Reveal', exact: true }).click();
    const newToken = (await page.getByLabel('Registration token value').textContent()) ?? '';
    expect(newToken).toMatch(/^[0-9a-f]{64}$/);
    expect(newToken).not.toBe(oldToken);
    await screenshot(page, '09-token-reset');

    expect(await registerFakeAgent(hub, oldToken, 'old-token-agent')).toBe(404);
    expect(await registerFakeAgent(hub, newToken, 'new-token-agent')).toBe(201);
    expect(await agent.exited).toBe(0);

    await page.reload();
    await page.getByRole('heading', { name: 's1-reset', level: 1 }).waitFor();
    expect(await page.content()).not.toContain(newToken);
  });

  it('disables all idle agents from the Disable all… dialog', async () => {
    const { page } = browser;
    const token = await registerType(page, hub, 'disable-all');
    const agent = startAgent(hub, token);
    agents.push(agent);
    await page.getByRole('listitem', { name: /^Agent / }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Disable all…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disable the agents of s1-disable-all?' });
    expect(await dialog.getByLabel('Disable all idle agents').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Disable' }).click();
    expect(await agent.exited).toBe(0);
    await page.getByText('Waiting for agents.').waitFor({ timeout: 15_000 });
  });

  it('edits a type with the name read-only, and deletes it', async () => {
    const { page } = browser;
    await registerType(page, hub, 'edit-me');
    await page.getByRole('link', { name: 'Edit…' }).click();
    const name = page.getByLabel('Name of the Self-Hosted Agent Type');
    await name.waitFor();
    expect(await name.getAttribute('readonly')).not.toBeNull();
    await page.getByLabel('Agent name is reusable only after some time from it disconnecting').check();
    await page.getByLabel('How much time (in seconds)?').fill('3600');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await waitForText(page, 'Reusable only 1 hour after the agent disconnects');

    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('dialog', { name: 'Delete s1-edit-me?' }).getByRole('button', { name: 'Delete' }).click();
    await waitForText(page, 'Agent type s1-edit-me deleted.');
    expect((await api(hub, 'GET', '/api/v1alpha/self_hosted_agent_types/s1-edit-me')).status).toBe(404);
  });

  it('fits a phone: no sideways scrolling on the list, the form and a type page at 390 px', async () => {
    const { page } = browser;
    const token = await registerType(page, hub, 'phone');
    expect(await registerFakeAgent(hub, token, 'phone-agent-with-a-rather-long-name-01')).toBe(201);
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const [path, shot] of [
        ['/self-hosted-agents', '10-phone-agent-types'],
        ['/self-hosted-agents/new', '11-phone-new-type'],
        ['/self-hosted-agents/s1-phone', '12-phone-agent-type'],
      ] as const) {
        await page.goto(`${hub.url}${path}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        if (path.endsWith('s1-phone')) await page.getByRole('listitem', { name: /^Agent phone-agent/ }).waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${path} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
        await screenshot(page, shot);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('shows 200 connected agents as 200 cards and keeps them current', async () => {
    const { page } = browser;
    const token = await registerType(page, hub, 'fleet');
    for (let i = 0; i < 200; i += 1) {
      const name = `fleet-agent-${String(i).padStart(3, '0')}`;
      // Registration is rate limited (30/s, burst 60): retry each one until the bucket lets it through.
      await waitFor(async () => (await registerFakeAgent(hub, token, name)) === 201, { timeoutMs: 20_000, message: `register ${name}` });
    }
    const started = Date.now();
    await page.reload();
    await waitFor(async () => (await page.getByRole('listitem', { name: /^Agent fleet-agent-/ }).count()) === 200, {
      timeoutMs: 20_000,
      message: '200 agent cards',
    });
    console.info(`200 agent cards on screen ${Date.now() - started} ms after the reload`);
    await waitForText(page, '200 connected agents');
    await screenshot(page, '13-agent-type-200-agents');
    const disabled = await api(hub, 'POST', '/api/v1alpha/agents/fleet-agent-007/disable', {});
    expect(disabled.status).toBe(200);
    await page.getByRole('listitem', { name: 'Agent fleet-agent-007' }).filter({ hasText: 'Already disconnected' }).waitFor({ timeout: 10_000 });
  });
});
