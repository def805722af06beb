import type { Page } from 'playwright-core';
import { waitFor } from '../../../test-support/wait-for.js';
import type { HubProcess } from './processes.js';

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, hub: HubProcess): Promise<void> {
  await page.goto(`${hub.url}/`);
  await page.getByLabel('Email').fill(hub.email);
  await page.getByLabel('Password').fill(hub.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Self-hosted agents', level: 1 }).waitFor();
}

/** Signs in unless this browser already has a session; leaves the page on Self-hosted agents. */
export async function ensureSignedIn(page: Page, hub: HubProcess): Promise<void> {
  await page.goto(`${hub.url}/self-hosted-agents`);
  const heading = page.getByRole('heading', { level: 1 });
  await heading.waitFor();
  if ((await heading.textContent()) === 'Sign in') await signIn(page, hub);
}

/** Registers a type through the form and lands on its page; returns the revealed registration token. */
export async function registerType(page: Page, hub: HubProcess, suffix: string): Promise<string> {
  await ensureSignedIn(page, hub);
  await page.goto(`${hub.url}/self-hosted-agents/new`);
  await page.getByLabel('Name of the Self-Hosted Agent Type').fill(suffix);
  await page.getByRole('button', { name: 'Looks good. Register' }).click();
  await page.getByRole('heading', { name: `s1-${suffix}`, level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Reveal', exact: true }).click();
  return (await page.getByLabel('Registration token value').textContent()) ?? '';
}

export async function bodyText(page: Page): Promise<string> {
  return (await page.locator('body').textContent()) ?? '';
}

/** Waits until the page's text contains `text` (the UI updates on its own; no reload). */
export async function waitForText(page: Page, text: string, timeoutMs = 15_000): Promise<void> {
  await waitFor(async () => (await bodyText(page)).includes(text), { timeoutMs, message: `the page to show "${text}"` });
}
