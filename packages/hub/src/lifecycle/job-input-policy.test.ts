import { describe, expect, it } from 'vitest';
import type { JobInput } from '@outpost/protocol';
import { checkJobInput } from './job-input-policy.js';

// Shapes the JobInput schema refuses (no name, priority 101, …) are rows of the route's table (test/public-api/jobs.test.ts).
const job = (spec: Partial<JobInput['spec']> = {}): JobInput => ({
  metadata: { name: 'build' },
  spec: { agent: { machine: { type: 's1-linux' } }, commands: ['echo hi'], ...spec },
});

describe('checkJobInput', () => {
  it.each([
    { name: 'a minimal Semaphore-shaped job is fine', body: job(), field: null },
    {
      name: 'a full job with env, files, epilogues, priority and a time limit is fine',
      body: job({
        env_vars: [{ name: 'A_1', value: 'x' }],
        files: [{ path: 'a', content: 'aGk=', mode: '0600' }],
        epilogue_always_commands: ['a'],
        epilogue_on_pass_commands: ['b'],
        epilogue_on_fail_commands: ['c'],
        priority: 100,
        execution_time_limit: 60,
      }),
      field: null,
    },
    { name: 'a cloud machine type is refused: only s1- types run here', body: job({ agent: { machine: { type: 'e1-standard-2' } } }), field: 'spec.agent.machine.type' },
    { name: 'an env name a shell cannot export is refused', body: job({ env_vars: [{ name: '1A', value: '' }] }), field: 'spec.env_vars.0.name' },
    { name: 'file content that is not base64 is refused — spec §3.2', body: job({ files: [{ path: 'a', content: 'not base64!' }] }), field: 'spec.files.0.content' },
    { name: 'a file mode that is not octal is refused', body: job({ files: [{ path: 'a', content: '', mode: 'obviously broken' }] }), field: 'spec.files.0.mode' },
  ])('$name', ({ body, field }) => {
    const check = checkJobInput(body);
    if (field === null) expect(check.ok).toBe(true);
    else expect(check).toMatchObject({ ok: false, field });
  });
});
