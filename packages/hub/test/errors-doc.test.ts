import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../src/errors.js';

describe('docs/errors.md', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

  it.each(Object.entries(ERRORS).map(([code, entry]) => ({ code, status: entry.status })))(
    'documents $code with its status $status',
    ({ code, status }) => {
      const line = doc.split('\n').find((l) => l.startsWith(`| \`${code}\` `));
      expect(line, `docs/errors.md has no row for ${code}`).toBeDefined();
      expect(line).toContain(`| ${status} |`);
    },
  );
});
