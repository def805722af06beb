import { describe, expect, it } from 'vitest';
import type { AgentType } from '@outpost/protocol';
import { emptyForm, fieldOfError, formFromAgentType, formToInput, localProblems, registeredName, type AgentTypeFormState } from './agent-type-form-model.js';

const form = (patch: Partial<AgentTypeFormState>): AgentTypeFormState => ({ ...emptyForm(), ...patch });

describe('registeredName', () => {
  it.each([
    ['', 's1-'],
    ['linux', 's1-linux'],
    ['  arm64 ', 's1-arm64'],
  ])('%j → %s', (suffix, name) => {
    expect(registeredName(suffix)).toBe(name);
  });
});

describe('formToInput', () => {
  it.each([
    {
      name: 'names chosen by the agent, released at once',
      state: form({ suffix: 'linux' }),
      input: { metadata: { name: 's1-linux' }, spec: { agent_name_settings: { assignment_origin: 'assignment_origin_agent', release_after: 0, aws: null } } },
    },
    {
      name: 'names from STS, held for ten minutes',
      state: form({ suffix: 'fleet', origin: 'sts', accountId: ' 123456789012 ', rolePatterns: 'ci-*,build ', release: 'later', releaseAfter: '600' }),
      input: {
        metadata: { name: 's1-fleet' },
        spec: { agent_name_settings: { assignment_origin: 'assignment_origin_aws_sts', release_after: 600, aws: { account_id: '123456789012', role_name_patterns: 'ci-*,build' } } },
      },
    },
    {
      name: 'AWS fields typed and then switched away from are not sent',
      state: form({ suffix: 'x', origin: 'agent', accountId: '123456789012', rolePatterns: 'r' }),
      input: { metadata: { name: 's1-x' }, spec: { agent_name_settings: { assignment_origin: 'assignment_origin_agent', release_after: 0, aws: null } } },
    },
    {
      name: 'seconds typed and then switched away from are not sent',
      state: form({ suffix: 'x', release: 'immediately', releaseAfter: '30' }),
      input: { metadata: { name: 's1-x' }, spec: { agent_name_settings: { assignment_origin: 'assignment_origin_agent', release_after: 0, aws: null } } },
    },
  ])('$name', ({ state, input }) => {
    expect(formToInput(state)).toEqual(input);
  });
});

describe('localProblems', () => {
  it.each([
    { name: 'a fine form', state: form({ suffix: 'linux' }), problems: {} },
    { name: 'a space inside the name', state: form({ suffix: 'my linux' }), problems: { name: 'No spaces, please.' } },
    { name: 'spaces around the name are trimmed', state: form({ suffix: ' linux ' }), problems: {} },
    { name: 'seconds that are not a number', state: form({ suffix: 'x', release: 'later', releaseAfter: 'soon' }), problems: { releaseAfter: 'Enter a whole number of seconds.' } },
    { name: 'seconds below the minimum are left to the hub', state: form({ suffix: 'x', release: 'later', releaseAfter: '30' }), problems: {} },
  ])('$name', ({ state, problems }) => {
    expect(localProblems(state)).toEqual(problems);
  });
});

describe('formFromAgentType', () => {
  it('fills the edit form from a type, STS fields included', () => {
    const type: AgentType = {
      metadata: { name: 's1-fleet', create_time: 1, update_time: 1 },
      spec: { agent_name_settings: { assignment_origin: 'assignment_origin_aws_sts', release_after: 120, aws: { account_id: '123456789012', role_name_patterns: 'ci-*' } } },
      status: { total_agent_count: 0 },
    };
    expect(formFromAgentType(type)).toEqual({ suffix: 'fleet', origin: 'sts', accountId: '123456789012', rolePatterns: 'ci-*', release: 'later', releaseAfter: '120' });
    expect(formToInput(formFromAgentType(type)).spec?.agent_name_settings?.release_after).toBe(120);
  });
});

describe('fieldOfError', () => {
  it.each([
    ['metadata.name', 'name'],
    ['spec.agent_name_settings.release_after', 'releaseAfter'],
    ['spec.agent_name_settings.assignment_origin', 'origin'],
    ['spec.agent_name_settings.aws', 'origin'],
    ['spec.agent_name_settings.aws.account_id', 'accountId'],
    ['spec.agent_name_settings.aws.role_name_patterns', 'rolePatterns'],
    ['body', 'form'],
    [undefined, 'form'],
  ])('%s → %s', (field, formField) => {
    expect(fieldOfError(field)).toBe(formField);
  });
});
