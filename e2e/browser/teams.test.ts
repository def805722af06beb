import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, screenshot, type Browser } from './support/browser.js';
import { bodyText, ensureSignedIn, waitForText } from './support/flows.js';
import { api, startHubProcess, type HubProcess } from './support/processes.js';

/**
 * Issue 13's done-criterion in a real browser: the owner invites a colleague from the Members page; the colleague
 * opens the one-time link in a browser of their own, sets a password, and sees the UI a member may use. Then the owner
 * creates a second organization and switches to it from the organization menu: it shows nothing of the first.
 */
describe.skipIf(!chromiumAvailable())('teams in the browser', () => {
  let hub: HubProcess;
  let owner: Browser;
  let colleague: Browser;
  let link = '';

  beforeAll(async () => {
    hub = await startHubProcess();
    [owner, colleague] = await Promise.all([launchBrowser(), launchBrowser()]);
    const created = await api(hub, 'POST', '/api/v1alpha/self_hosted_agent_types', { metadata: { name: 's1-team-pool' } });
    expect(created.status).toBe(200);
  });

  afterAll(async () => {
    await owner?.close();
    await colleague?.close();
    await hub?.stop();
  });

  it('lets the owner invite a colleague from the Members page and shows the one-time link with a copy button', async () => {
    const { page } = owner;
    await ensureSignedIn(page, hub);
    await page.getByRole('button', { name: /Outpost/ }).click();
    await page.getByRole('menuitem', { name: 'Members' }).click();
    await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Invite people' }).click();
    await page.getByLabel('Email', { exact: true }).fill('colleague@example.test');
    await page.getByLabel('Role', { exact: true }).selectOption('member');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const code = page.getByLabel('Invitation link');
    await code.waitFor();
    link = ((await code.textContent()) ?? '').trim();
    expect(link).toMatch(new RegExp(`^${hub.url}/invitations/[0-9a-f]{64}$`));
    await page.getByRole('button', { name: 'Copy to clipboard' }).waitFor();
    await screenshot(page, 'teams-01-invitation-link', { fullPage: false });
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('table', { name: 'Pending invitations' }).getByText('colleague@example.test').waitFor();
  });

  it('lets the colleague accept in their own browser and shows them the member view only', async () => {
    const { page } = colleague;
    await page.goto(link);
    await page.getByRole('heading', { name: 'Join Outpost', level: 1 }).waitFor();
    await waitForText(page, 'You are invited as member with colleague@example.test.');
    await page.getByLabel('Choose a password').fill('short');
    await page.getByRole('button', { name: 'Join Outpost' }).click();
    await page.getByRole('alert').filter({ hasText: 'at least 10 characters' }).waitFor();
    await page.getByLabel('Choose a password').fill('colleague password 1');
    await page.getByRole('button', { name: 'Join Outpost' }).click();
    await page.getByRole('heading', { name: 'Self-hosted agents', level: 1 }).waitFor();
    await page.getByText('s1-team-pool').waitFor();
    expect(await page.getByRole('link', { name: 'Add self-hosted agent type' }).count()).toBe(0);

    await page.goto(`${hub.url}/members`);
    await page.getByRole('table', { name: 'Members' }).getByText('colleague@example.test').waitFor();
    expect(await page.getByRole('button', { name: 'Invite people' }).count()).toBe(0);
    expect(await page.getByRole('combobox').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Remove / }).count()).toBe(0);
    await screenshot(page, 'teams-02-member-view');

    await page.goto(`${hub.url}/secrets`);
    await page.getByRole('heading', { name: 'No secrets yet' }).waitFor();
    expect(await page.getByRole('link', { name: 'New secret' }).count()).toBe(0);

    // The link worked once.
    await page.goto(link);
    await page.getByRole('alert').filter({ hasText: 'already used or has expired' }).waitFor();
  });

  it('shows the joining in the audit log and lets the owner make the colleague an admin', async () => {
    const { page } = owner;
    await page.goto(`${hub.url}/audit-log`);
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await waitForText(page, 'member.joined');
    expect(await bodyText(page)).toContain('member.invited');
    await page.goto(`${hub.url}/members`);
    await page.getByLabel('Role of colleague@example.test').selectOption('admin');
    await waitForText(page, 'colleague@example.test is now admin.');
  });

  it('creates a second organization from the menu, switches to it, and it shows nothing of the first', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: /Outpost/ }).click();
    await page.getByRole('menuitem', { name: 'Create organization' }).click();
    await page.getByLabel('Name').fill('Second team');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('button', { name: /Second team/ }).waitFor();
    await page.getByRole('heading', { name: 'No self-hosted agents yet' }).waitFor();
    expect(await bodyText(page)).not.toContain('s1-team-pool');
    await page.goto(`${hub.url}/members`);
    await page.getByRole('table', { name: 'Members' }).waitFor();
    expect(await bodyText(page)).not.toContain('colleague@example.test');

    await page.getByRole('button', { name: /Second team/ }).click();
    await page.getByRole('menuitemradio', { name: 'Outpost' }).click();
    await page.getByText('s1-team-pool').waitFor();
    await screenshot(page, 'teams-03-back-in-first-organization');
  });
});
