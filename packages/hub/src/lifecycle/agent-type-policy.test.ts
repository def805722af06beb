import { describe, expect, it } from 'vitest';
import type { AgentTypeSettings } from '../store/agent-types.js';
import { DEFAULT_AGENT_TYPE_SETTINGS, parseAgentTypeCreate, parseAgentTypeUpdate } from './agent-type-policy.js';

const S = 'spec.agent_name_settings';
const sts = (aws: Record<string, unknown> | null | undefined, extra: Record<string, unknown> = {}) => ({
  metadata: { name: 's1-aws' },
  spec: { agent_name_settings: { assignment_origin: 'assignment_origin_aws_sts', ...(aws === undefined ? {} : { aws }), ...extra } },
});
const STS_SETTINGS: AgentTypeSettings = {
  assignmentOrigin: 'assignment_origin_aws_sts',
  releaseAfterSeconds: 0,
  awsAccountId: '123456789012',
  awsRoleNamePatterns: 'ci-role,ci-*',
};

describe('parseAgentTypeCreate accepts', () => {
  it.each([
    { name: 'only a name (origin agent, release 0: the defaults)', body: { metadata: { name: 's1-linux' } }, expected: { name: 's1-linux', settings: DEFAULT_AGENT_TYPE_SETTINGS } },
    { name: 'a name with spaces around it (trimmed like production)', body: { metadata: { name: '  s1-linux ' } }, expected: { name: 's1-linux', settings: DEFAULT_AGENT_TYPE_SETTINGS } },
    { name: 'release_after 60 (the minimum, control-plane §9.3)', body: { metadata: { name: 's1-a' }, spec: { agent_name_settings: { release_after: 60 } } }, expected: { name: 's1-a', settings: { ...DEFAULT_AGENT_TYPE_SETTINGS, releaseAfterSeconds: 60 } } },
    { name: 'origin agent with an empty aws block (what sem sends)', body: { metadata: { name: 's1-a' }, spec: { agent_name_settings: { assignment_origin: 'assignment_origin_agent', aws: { account_id: '', role_name_patterns: '' } } } }, expected: { name: 's1-a', settings: DEFAULT_AGENT_TYPE_SETTINGS } },
    { name: 'the v2 upper-case origin', body: { metadata: { name: 's1-a' }, spec: { agent_name_settings: { assignment_origin: 'ASSIGNMENT_ORIGIN_AGENT' } } }, expected: { name: 's1-a', settings: DEFAULT_AGENT_TYPE_SETTINGS } },
    { name: 'STS with account and patterns (spaces around patterns dropped)', body: sts({ account_id: '123456789012', role_name_patterns: 'ci-role, ci-*' }), expected: { name: 's1-aws', settings: STS_SETTINGS } },
    { name: 'fields the server owns are ignored (sem apply sends them back)', body: { metadata: { name: 's1-a', create_time: 1, update_time: 2 }, status: { total_agent_count: 3 } }, expected: { name: 's1-a', settings: DEFAULT_AGENT_TYPE_SETTINGS } },
  ])('$name', ({ body, expected }) => {
    expect(parseAgentTypeCreate(body)).toEqual({ ok: true, ...expected });
  });
});

describe('parseAgentTypeCreate refuses', () => {
  it.each([
    { name: 'no body', body: undefined, field: 'metadata.name', problem: 'metadata.name is required' },
    { name: 'a JSON array', body: [], field: 'body', problem: 'the request body must be a JSON object' },
    { name: 'a JSON string', body: 's1-a', field: 'body', problem: 'the request body must be a JSON object' },
    { name: 'metadata that is not an object', body: { metadata: 's1-a' }, field: 'metadata', problem: 'metadata must be an object' },
    { name: 'a numeric name', body: { metadata: { name: 12 } }, field: 'metadata.name', problem: 'metadata.name must be a string' },
    { name: 'an empty name', body: { metadata: { name: '' } }, field: 'metadata.name', problem: 'the agent type name is required' },
    { name: 'a name without s1-', body: { metadata: { name: 'linux' } }, field: 'metadata.name', problem: "the agent type name 'linux' must start with 's1-'" },
    { name: "a name with '/' (the hub's regex refuses it, control-plane §9.2)", body: { metadata: { name: 's1-a/b' } }, field: 'metadata.name', problem: "may only contain letters, digits, '-' and '_'" },
    { name: "a name with '+'", body: { metadata: { name: 's1-a+b' } }, field: 'metadata.name', problem: "may only contain letters, digits, '-' and '_'" },
    { name: 'only the prefix', body: { metadata: { name: 's1-' } }, field: 'metadata.name', problem: 'may only contain' },
    { name: 'a 101-character name', body: { metadata: { name: `s1-${'a'.repeat(98)}` } }, field: 'metadata.name', problem: 'at most 100 are allowed' },
    { name: 'spec that is an array', body: { metadata: { name: 's1-a' }, spec: [] }, field: 'spec', problem: 'spec must be an object' },
    { name: 'an unknown origin', body: { metadata: { name: 's1-a' }, spec: { agent_name_settings: { assignment_origin: 'assignment_origin_gcp' } } }, field: `${S}.assignment_origin`, problem: "assignment_origin must be 'assignment_origin_agent' or 'assignment_origin_aws_sts'; got \"assignment_origin_gcp\"" },
    { name: 'a numeric origin', body: { metadata: { name: 's1-a' }, spec: { agent_name_settings: { assignment_origin: 1 } } }, field: `${S}.assignment_origin`, problem: 'got 1' },
    { name: 'release_after 1', body: { metadata: { name: 's1-a' }, spec: { agent_name_settings: { release_after: 1 } } }, field: `${S}.release_after`, problem: 'release_after must be 0 (release at once) or at least 60 seconds; got 1' },
    { name: 'release_after 59', body: { metadata: { name: 's1-a' }, spec: { agent_name_settings: { release_after: 59 } } }, field: `${S}.release_after`, problem: 'at least 60 seconds; got 59' },
    { name: 'release_after -1', body: { metadata: { name: 's1-a' }, spec: { agent_name_settings: { release_after: -1 } } }, field: `${S}.release_after`, problem: 'got -1' },
    { name: 'release_after 60.5', body: { metadata: { name: 's1-a' }, spec: { agent_name_settings: { release_after: 60.5 } } }, field: `${S}.release_after`, problem: 'release_after must be a whole number of seconds' },
    { name: 'release_after as a string', body: { metadata: { name: 's1-a' }, spec: { agent_name_settings: { release_after: '60' } } }, field: `${S}.release_after`, problem: 'release_after must be a number of seconds' },
    { name: 'release_after over 30 days', body: { metadata: { name: 's1-a' }, spec: { agent_name_settings: { release_after: 2_592_001 } } }, field: `${S}.release_after`, problem: 'at most 2592000 seconds' },
    { name: 'aws fields with origin agent', body: { metadata: { name: 's1-a' }, spec: { agent_name_settings: { aws: { account_id: '123456789012', role_name_patterns: 'r' } } } }, field: `${S}.aws`, problem: "AWS settings are only allowed when assignment_origin is 'assignment_origin_aws_sts'" },
    { name: 'STS without aws', body: sts(undefined), field: `${S}.aws`, problem: 'AWS settings are required' },
    { name: 'STS with aws null', body: sts(null), field: `${S}.aws`, problem: 'AWS settings are required' },
    { name: 'STS with an empty account', body: sts({ account_id: '', role_name_patterns: 'r' }), field: `${S}.aws.account_id`, problem: 'aws.account_id is required' },
    { name: 'STS with an 11-digit account', body: sts({ account_id: '12345678901', role_name_patterns: 'r' }), field: `${S}.aws.account_id`, problem: "aws.account_id must be a 12-digit AWS account ID; got '12345678901'" },
    { name: 'STS with a numeric account', body: sts({ account_id: 123456789012, role_name_patterns: 'r' }), field: `${S}.aws.account_id`, problem: 'aws.account_id must be a string' },
    { name: 'STS without patterns', body: sts({ account_id: '123456789012' }), field: `${S}.aws.role_name_patterns`, problem: 'aws.role_name_patterns is required' },
    { name: 'STS with an empty pattern in the list', body: sts({ account_id: '123456789012', role_name_patterns: 'a,,b' }), field: `${S}.aws.role_name_patterns`, problem: "'' is not one" },
    { name: 'STS with a pattern holding a space', body: sts({ account_id: '123456789012', role_name_patterns: 'my role' }), field: `${S}.aws.role_name_patterns`, problem: "'my role' is not one" },
    { name: 'aws that is a string', body: sts('123456789012' as unknown as Record<string, unknown>), field: `${S}.aws`, problem: `${S}.aws must be an object` },
  ])('$name', ({ body, field, problem }) => {
    const result = parseAgentTypeCreate(body);
    expect(result).toMatchObject({ ok: false, field });
    expect(!result.ok && result.problem).toContain(problem);
  });
});

describe('parseAgentTypeUpdate', () => {
  const current = { name: 's1-a', settings: DEFAULT_AGENT_TYPE_SETTINGS };
  const currentSts = { name: 's1-aws', settings: STS_SETTINGS };

  it.each([
    { name: 'an empty body changes nothing', body: {}, from: current, expected: DEFAULT_AGENT_TYPE_SETTINGS },
    { name: 'no body changes nothing', body: undefined, from: current, expected: DEFAULT_AGENT_TYPE_SETTINGS },
    { name: 'the same name is fine', body: { metadata: { name: 's1-a' } }, from: current, expected: DEFAULT_AGENT_TYPE_SETTINGS },
    { name: 'release_after alone changes only it', body: { spec: { agent_name_settings: { release_after: 120 } } }, from: currentSts, expected: { ...STS_SETTINGS, releaseAfterSeconds: 120 } },
    { name: 'STS keeps its aws block when only release changes', body: { spec: { agent_name_settings: { assignment_origin: 'assignment_origin_aws_sts' } } }, from: currentSts, expected: STS_SETTINGS },
    { name: 'one aws field replaces only that field', body: { spec: { agent_name_settings: { aws: { role_name_patterns: 'other' } } } }, from: currentSts, expected: { ...STS_SETTINGS, awsRoleNamePatterns: 'other' } },
    { name: 'switching STS → agent drops the aws block', body: { spec: { agent_name_settings: { assignment_origin: 'assignment_origin_agent' } } }, from: currentSts, expected: DEFAULT_AGENT_TYPE_SETTINGS },
    { name: 'switching agent → STS with aws', body: { spec: { agent_name_settings: { assignment_origin: 'assignment_origin_aws_sts', aws: { account_id: '123456789012', role_name_patterns: 'ci-role,ci-*' } } } }, from: current, expected: STS_SETTINGS },
  ])('$name', ({ body, from, expected }) => {
    expect(parseAgentTypeUpdate(body, from)).toEqual({ ok: true, name: from.name, settings: expected });
  });

  it.each([
    { name: 'a different name (names are immutable)', body: { metadata: { name: 's1-b' } }, from: current, field: 'metadata.name', problem: "the name of an agent type cannot be changed (this one is 's1-a')" },
    { name: 'switching agent → STS without aws', body: { spec: { agent_name_settings: { assignment_origin: 'assignment_origin_aws_sts' } } }, from: current, field: `${S}.aws`, problem: 'AWS settings are required' },
    { name: 'clearing aws on an STS type', body: { spec: { agent_name_settings: { aws: null } } }, from: currentSts, field: `${S}.aws`, problem: 'AWS settings are required' },
    { name: 'release_after 30', body: { spec: { agent_name_settings: { release_after: 30 } } }, from: current, field: `${S}.release_after`, problem: 'got 30' },
  ])('refuses $name', ({ body, from, field, problem }) => {
    const result = parseAgentTypeUpdate(body, from);
    expect(result).toMatchObject({ ok: false, field });
    expect(!result.ok && result.problem).toContain(problem);
  });
});
