import { describe, expect, it } from 'vitest';
import { agentVersionStatus, installCommand, uninstallCommand } from './agent-install.js';

describe('installCommand', () => {
  it.each([
    { name: 'with sudo and the token variable', variables: [['SEMAPHORE_REGISTRATION_TOKEN', '"$SEMAPHORE_AGENT_TOKEN"']] as const, sudo: true, expected: 'curl -fsSL http://hub:8080/install.sh | sudo SEMAPHORE_REGISTRATION_TOKEN="$SEMAPHORE_AGENT_TOKEN" bash' },
    { name: 'as root, with two variables', variables: [['SEMAPHORE_REGISTRATION_TOKEN', '"$TOKEN"'], ['SEMAPHORE_AGENT_NAME_FROM_AWS_STS', 'true']] as const, sudo: false, expected: 'curl -fsSL http://hub:8080/install.sh | SEMAPHORE_REGISTRATION_TOKEN="$TOKEN" SEMAPHORE_AGENT_NAME_FROM_AWS_STS=true bash' },
  ])('$name', ({ variables, sudo, expected }) => {
    expect(installCommand('http://hub:8080', variables, { sudo })).toBe(expected);
  });

  it('uninstalls with --uninstall', () => {
    expect(uninstallCommand('https://ci.example.com/outpost')).toBe('curl -fsSL https://ci.example.com/outpost/install.sh | sudo bash -s -- --uninstall');
  });
});

describe('agentVersionStatus', () => {
  it.each([
    { agent: '0.1.0', served: '0.1.0', expected: 'current' },
    { agent: '0.1.0', served: '0.2.0', expected: 'outdated' },
    { agent: '0.9.9', served: '1.0.0', expected: 'outdated' },
    { agent: '0.1.10', served: '0.1.9', expected: 'current' },
    { agent: 'v2.4.0', served: '0.1.0', expected: 'current' },
    { agent: 'dev', served: '0.1.0', expected: 'unknown' },
    { agent: '0.1.0', served: undefined, expected: 'unknown' },
  ] as const)('$agent against $served is $expected', ({ agent, served, expected }) => {
    expect(agentVersionStatus(agent, served)).toBe(expected);
  });
});
