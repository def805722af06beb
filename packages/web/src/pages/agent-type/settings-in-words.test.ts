import { describe, expect, it } from 'vitest';
import type { AgentType } from '@outpost/protocol';
import { settingsInWords } from './settings-in-words.js';

function type(settings: AgentType['spec']['agent_name_settings']): AgentType {
  return { metadata: { name: 's1-x', create_time: 0, update_time: 0 }, spec: { agent_name_settings: settings }, status: { total_agent_count: 0 } };
}

describe('settingsInWords', () => {
  it.each([
    {
      name: 'the defaults',
      settings: { assignment_origin: 'assignment_origin_agent' as const, release_after: 0 },
      words: { origin: 'Directly assigned by the agent', release: 'Reusable immediately after the agent disconnects' },
    },
    {
      name: 'STS with a ten-minute hold',
      settings: { assignment_origin: 'assignment_origin_aws_sts' as const, release_after: 600, aws: { account_id: '123456789012', role_name_patterns: 'ci-*' } },
      words: {
        origin: 'Assigned from a pre-signed AWS STS GetCallerIdentity URL: account 123456789012, roles ci-*',
        release: 'Reusable only 10 minutes after the agent disconnects',
      },
    },
    {
      name: 'an odd number of seconds',
      settings: { assignment_origin: 'assignment_origin_agent' as const, release_after: 61 },
      words: { origin: 'Directly assigned by the agent', release: 'Reusable only 61 seconds after the agent disconnects' },
    },
  ])('$name', ({ settings, words }) => {
    expect(settingsInWords(type(settings))).toEqual(words);
  });
});
