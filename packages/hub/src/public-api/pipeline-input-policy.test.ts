import { describe, expect, it } from 'vitest';
import { pipelineRunContext } from './pipeline-input-policy.js';

const yaml = 'version: v1.0\n';

describe('pipelineRunContext', () => {
  it.each([
    { name: 'a branch run', body: { yaml_definition: yaml, branch: 'main' }, expected: { ok: true, context: { branch: 'main', tag: '', pullRequest: '', commitSha: '' } } },
    {
      name: 'a pull request with its target branch',
      body: { yaml_definition: yaml, branch: 'main', pull_request: '12', commit_sha: 'abcdef1' },
      expected: { ok: true, context: { branch: 'main', tag: '', pullRequest: '12', commitSha: 'abcdef1' } },
    },
    { name: 'no ref at all', body: { yaml_definition: yaml }, expected: { ok: true, context: { branch: '', tag: '', pullRequest: '', commitSha: '' } } },
    { name: 'a tag and a pull request exclude each other', body: { yaml_definition: yaml, tag: 'v1', pull_request: '3' }, expected: { ok: false, field: 'tag' } },
    { name: 'a NUL byte in the file', body: { yaml_definition: 'a\u0000b' }, expected: { ok: false, field: 'yaml_definition' } },
    { name: 'a newline in a branch name', body: { yaml_definition: yaml, branch: 'a\nb' }, expected: { ok: false, field: 'branch' } },
  ])('$name', ({ body, expected }) => {
    expect(pipelineRunContext(body)).toMatchObject(expected);
  });
});
