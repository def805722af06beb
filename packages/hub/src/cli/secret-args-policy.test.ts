import { describe, expect, it } from 'vitest';
import type { Secret } from '@outpost/protocol';
import { parseEnvArg, parseFileArg, updateBody } from './secret-args-policy.js';

describe('parseEnvArg', () => {
  it.each([
    { arg: 'A=1', env: {}, result: { ok: true, value: { name: 'A', value: '1' } } },
    { arg: 'URL=a=b=c', env: {}, result: { ok: true, value: { name: 'URL', value: 'a=b=c' } } },
    { arg: 'EMPTY=', env: {}, result: { ok: true, value: { name: 'EMPTY', value: '' } } },
    { arg: 'TOKEN', env: { TOKEN: 'from-env' }, result: { ok: true, value: { name: 'TOKEN', value: 'from-env' } } },
    { arg: 'TOKEN', env: {}, result: { ok: false, problem: "-e TOKEN: give NAME=VALUE, or set TOKEN in this shell's environment to pass its value" } },
    { arg: '=secret', env: {}, result: { ok: false, problem: '-e =…: the variable needs a name before the =' } },
  ])('$arg', ({ arg, env, result }) => {
    expect(parseEnvArg(arg, env)).toEqual(result);
  });
});

describe('parseFileArg', () => {
  it.each([
    { arg: './key:.ssh/id_rsa', result: { ok: true, value: { local: './key', remote: '.ssh/id_rsa' } } },
    { arg: '/etc/a:/etc/b:c', result: { ok: true, value: { local: '/etc/a', remote: '/etc/b:c' } } },
    { arg: 'only-local', result: { ok: false, problem: '-f only-local: give LOCAL_PATH:PATH_IN_JOB, e.g. -f ~/.ssh/id_rsa:.ssh/id_rsa' } },
    { arg: ':remote', result: { ok: false, problem: expect.stringContaining('give LOCAL_PATH:PATH_IN_JOB') } },
    { arg: 'local:', result: { ok: false, problem: expect.stringContaining('give LOCAL_PATH:PATH_IN_JOB') } },
  ])('$arg', ({ arg, result }) => {
    expect(parseFileArg(arg)).toEqual(result);
  });
});

describe('updateBody', () => {
  const current: Secret = {
    metadata: { name: 's', id: 'i', create_time: '1', update_time: '1', content_included: false, description: '' },
    data: { env_vars: [{ name: 'KEEP', value: '' }, { name: 'GONE', value: '' }], files: [{ path: 'a', content: '' }] },
  };

  it('keeps what it does not name (blank), sets and removes what it names', () => {
    expect(updateBody(current, { setEnv: [{ name: 'NEW', value: 'v' }], setFiles: [{ path: 'b', content: 'Yg==' }], removeEnv: ['GONE'], removeFiles: [] })).toEqual({
      metadata: { name: 's' },
      data: { env_vars: [{ name: 'KEEP', value: '' }, { name: 'NEW', value: 'v' }], files: [{ path: 'a', content: '' }, { path: 'b', content: 'Yg==' }] },
    });
  });

  it('renames and describes', () => {
    expect(updateBody(current, { rename: 't', description: 'd', setEnv: [], setFiles: [], removeEnv: [], removeFiles: ['a'] })).toMatchObject({
      metadata: { name: 't', description: 'd' },
      data: { files: [] },
    });
  });
});
