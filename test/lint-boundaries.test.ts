import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Probe files are never written: lintText lints source as if it lived at `file`, so the config picks its blocks by path.
const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: `${root}/eslint.config.js` });

async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\n`, { filePath: `${root}/${file}` });
  if (!result) throw new Error(`eslint returned no result for ${file}`);
  const unexpected = result.messages.filter((message) => message.ruleId !== '@typescript-eslint/no-restricted-imports');
  expect(unexpected, `${file} raised other problems`).toEqual([]);
  return result.messages.map((message) => message.message);
}

// A fragment of each restriction's message, so a row proves which rule refused the import.
const reasons = {
  io: 'pure code does no I/O',
  store: 'the caller reads the store',
  sql: 'only packages/hub/src/store/ contains SQL',
  split: 'the hub and the agent never import each other',
};

const refused = [
  { name: 'a hub policy may not read files', reason: reasons.io, file: 'packages/hub/src/dispatch/probe-policy.ts', source: "import 'node:fs';" },
  { name: 'a hub policy may not import fastify', reason: reasons.io, file: 'packages/hub/src/lifecycle/probe-policy.ts', source: "import 'fastify';" },
  { name: 'a hub policy may not call the store', reason: reasons.store, file: 'packages/hub/src/lifecycle/probe-policy.ts', source: "import { claimNextJob } from '../store/jobs.js';\nexport { claimNextJob };" },
  { name: 'a hub policy may not use kysely (hub rule kept)', reason: reasons.sql, file: 'packages/hub/src/dispatch/probe-policy.ts', source: "import 'kysely';" },
  { name: 'a hub policy may not import the agent (hub rule kept)', reason: reasons.split, file: 'packages/hub/src/dispatch/probe-policy.ts', source: "import '@outpost/agent';" },
  { name: 'a store policy may not read files', reason: reasons.io, file: 'packages/hub/src/store/probe-policy.ts', source: "import 'node:fs/promises';" },
  { name: 'an agent policy may not read files', reason: reasons.io, file: 'packages/agent/src/listener/probe-policy.ts', source: "import 'node:fs';" },
  { name: 'an agent policy may not import the hub (agent rule kept)', reason: reasons.split, file: 'packages/agent/src/listener/probe-policy.ts', source: "import '@outpost/hub';" },
  { name: 'a web policy may not read files', reason: reasons.io, file: 'packages/web/src/log-view/probe-policy.ts', source: "import 'node:fs';" },
  { name: 'protocol may not read files', reason: reasons.io, file: 'packages/protocol/src/probe.ts', source: "import 'node:fs';" },
  { name: 'protocol may not import a bare built-in', reason: reasons.io, file: 'packages/protocol/src/agent-api/probe.ts', source: "import 'fs';" },
  { name: 'protocol may not use pino', reason: reasons.io, file: 'packages/protocol/src/probe.ts', source: "import 'pino';" },
  { name: 'pipeline may not read files', reason: reasons.io, file: 'packages/pipeline/src/probe.ts', source: "import 'node:fs';" },
  { name: 'hub code outside the store may not use kysely', reason: reasons.sql, file: 'packages/hub/src/dispatch/probe.ts', source: "import 'kysely';" },
  { name: 'hub code may not use a kysely sub-path either', reason: reasons.sql, file: 'packages/hub/src/lifecycle/probe.ts', source: "import 'kysely/helpers/postgres';" },
  { name: 'the hub may not import the agent', reason: reasons.split, file: 'packages/hub/src/dispatch/probe.ts', source: "import '@outpost/agent';" },
  { name: 'the store may not import the agent', reason: reasons.split, file: 'packages/hub/src/store/probe.ts', source: "import '@outpost/agent';" },
  { name: 'the agent may not import the hub', reason: reasons.split, file: 'packages/agent/src/listener/probe.ts', source: "import '@outpost/hub';" },
  { name: 'a policy test may not import the hub either (agent rule kept)', reason: reasons.split, file: 'packages/agent/src/listener/probe-policy.test.ts', source: "import '@outpost/hub';" },
];

const allowed = [
  { name: 'a policy may hash with node:crypto (STYLE.md §8)', file: 'packages/hub/src/auth/probe-policy.ts', source: "import 'node:crypto';" },
  { name: 'a policy may share the store row types', file: 'packages/hub/src/lifecycle/probe-policy.ts', source: "import type { Database } from '../store/schema.js';\nexport type Probe = Database;" },
  { name: 'a policy may use the contract', file: 'packages/agent/src/listener/probe-policy.ts', source: "import '@outpost/protocol';" },
  { name: 'protocol may use typebox', file: 'packages/protocol/src/probe.ts', source: "import '@sinclair/typebox';" },
  { name: 'the store may use kysely', file: 'packages/hub/src/store/probe.ts', source: "import 'kysely';" },
  { name: 'hub code outside policies may do I/O', file: 'packages/hub/src/dispatch/probe.ts', source: "import 'node:fs';" },
  { name: 'a protocol test may read fixtures', file: 'packages/protocol/src/probe.test.ts', source: "import 'node:fs';" },
  { name: 'a pipeline test may read fixtures', file: 'packages/pipeline/test/probe.test.ts', source: "import 'node:fs/promises';" },
  { name: 'agent code outside policies may do I/O', file: 'packages/agent/src/listener/probe.ts', source: "import 'node:child_process';" },
];

describe('import boundaries (eslint.config.js, STYLE.md §8)', () => {
  it.each(refused)('$name', async ({ file, source, reason }) => {
    const messages = await restrictedImports(file, source);
    expect(messages.some((message) => message.includes(reason)), messages.join('\n') || 'no error').toBe(true);
  });

  it.each(allowed)('$name', async ({ file, source }) => {
    expect(await restrictedImports(file, source)).toEqual([]);
  });
});
