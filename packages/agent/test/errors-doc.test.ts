import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGENT_ERRORS } from '../src/errors.js';
import { AGENT_VERSION } from '../src/version.js';

describe('docs/agent-errors.md', () => {
  const doc = readFileSync(new URL('../../../docs/agent-errors.md', import.meta.url), 'utf8');
  it.each(Object.entries(AGENT_ERRORS))('lists %s with its exit code and message', (code, entry) => {
    expect(doc).toContain(`| \`${code}\` | ${entry.exitCode} | ${entry.message.replace(/\n/g, ' ')} |`);
  });
});

describe('version', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(AGENT_VERSION).toBe(pkg.version);
  });
});
