import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Secret, SecretList } from '@outpost/protocol';
import { chromiumAvailable, launchBrowser, screenshot, type Browser } from './support/browser.js';
import { bodyText, ensureSignedIn, waitForText } from './support/flows.js';
import { api, startHubProcess, type HubProcess } from './support/processes.js';

const VALUE = 'browser-secret-value-31415926';
const FILE_TEXT = 'ssh-key-body-in-a-file-27182818\n';

/** The Secrets page in a real browser against a real hub: create with variables and a file, edit, delete. */
describe.skipIf(!chromiumAvailable())('secrets in the browser', () => {
  let hub: HubProcess;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    hub = await startHubProcess();
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), 'outpost-browser-secret-'));
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches Secrets from the header and the organization menu, and shows the zero state', async () => {
    const { page } = browser;
    await ensureSignedIn(page, hub);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Secrets' }).click();
    await page.getByRole('heading', { name: 'Secrets', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'No secrets yet' }).waitFor();
    await page.getByRole('link', { name: 'Self-hosted agents' }).first().click();
    await page.getByRole('button', { name: /Outpost/ }).click();
    await page.getByRole('menuitem', { name: 'Secrets' }).click();
    await page.getByRole('heading', { name: 'Secrets', level: 1 }).waitFor();
    await screenshot(page, 'secrets-01-zero-state');
  });

  it('creates a secret with variables and a file, pointing at mistakes first, and never shows a value back', async () => {
    const { page } = browser;
    const keyFile = join(dir, 'id_deploy');
    writeFileSync(keyFile, FILE_TEXT);
    await page.getByRole('link', { name: 'New secret' }).click();
    await page.getByRole('heading', { name: 'New secret', level: 1 }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('deploy creds');
    await page.getByLabel('Description (optional)').fill('for the deploy job');
    await page.getByLabel('Variable name').nth(0).fill('DEPLOY_TOKEN');
    await page.getByLabel('Value').nth(0).fill(VALUE);
    await page.getByRole('button', { name: 'Add environment variable' }).click();
    await page.getByLabel('Variable name').nth(1).fill('REGION');
    await page.getByLabel('Value').nth(1).fill('eu-1');
    await page.getByText('Shorter than 6 characters: job logs will not mask it.').waitFor();
    await page.getByRole('button', { name: 'Add file' }).click();
    await page.getByLabel('Path in the job').fill('.ssh/id_deploy');
    await page.getByLabel('File', { exact: true }).setInputFiles(keyFile);
    await page.getByText(`id_deploy (${FILE_TEXT.length} bytes) will be saved.`).waitFor();

    await page.getByRole('button', { name: 'Save secret' }).click();
    await page.getByRole('alert').filter({ hasText: "'deploy creds' is not a valid secret name" }).waitFor();
    await screenshot(page, 'secrets-02-form-with-error');
    await page.getByLabel('Name', { exact: true }).fill('deploy-creds');
    await page.getByRole('button', { name: 'Save secret' }).click();

    await page.getByText('Secret deploy-creds saved.').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'deploy-creds' });
    await row.getByText('DEPLOY_TOKEN').waitFor();
    await row.getByText('.ssh/id_deploy').waitFor();
    expect(await row.textContent()).toContain('for the deploy job');
    await screenshot(page, 'secrets-03-list');
    expect(await bodyText(page)).not.toContain(VALUE);

    const stored = await api<Secret>(hub, 'GET', '/api/v1beta/secrets/deploy-creds');
    expect(stored.body.data).toEqual({ env_vars: [{ name: 'DEPLOY_TOKEN', value: '' }, { name: 'REGION', value: '' }], files: [{ path: '.ssh/id_deploy', content: '' }] });
  });

  it('edits a secret: names and paths shown, values blank and kept unless typed, rows removable', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Edit deploy-creds' }).click();
    await page.getByRole('heading', { name: 'Edit deploy-creds', level: 1 }).waitFor();
    expect(await page.getByLabel('Variable name').nth(0).inputValue()).toBe('DEPLOY_TOKEN');
    expect(await page.getByLabel('Value').nth(0).inputValue()).toBe('');
    expect(await page.getByLabel('Value').nth(0).getAttribute('placeholder')).toBe('Unchanged');
    await page.getByText('Unchanged; choose a file to replace it.').waitFor();
    await screenshot(page, 'secrets-04-edit');
    await page.getByRole('button', { name: 'Remove REGION' }).click();
    await page.getByRole('button', { name: 'Add environment variable' }).click();
    await page.getByLabel('Variable name').nth(1).fill('NEW_ONE');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter a value.' }).waitFor();
    await page.getByLabel('Value').nth(1).fill('new-value-1234');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Secret deploy-creds saved.').waitFor();
    const stored = await api<Secret>(hub, 'GET', '/api/v1beta/secrets/deploy-creds');
    expect(stored.body.data.env_vars.map((v) => v.name)).toEqual(['DEPLOY_TOKEN', 'NEW_ONE']);
    expect(stored.body.data.files.map((f) => f.path)).toEqual(['.ssh/id_deploy']);
  });

  it('deletes a secret after a confirmation that says what breaks', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Delete deploy-creds' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete secret deploy-creds?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Pipelines that import deploy-creds fail');
    await screenshot(page, 'secrets-05-delete-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: 'Delete secret' }).click();
    await waitForText(page, 'Secret deploy-creds deleted.');
    await page.getByRole('heading', { name: 'No secrets yet' }).waitFor();
    expect((await api<SecretList>(hub, 'GET', '/api/v1beta/secrets')).body.secrets).toEqual([]);
  });
});
