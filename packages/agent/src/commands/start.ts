import { randomBytes } from 'node:crypto';
import { baseUrlOf } from '../config/config-policy.js';
import { loadConfig } from '../config/load-config.js';
import { START_OPTIONS, envNameOf } from '../config/options.js';
import { AgentError } from '../errors.js';
import { readHostFacts } from '../host/host-facts.js';
import { chooseAgentName, logNameOf, randomAgentName } from '../host/name-policy.js';
import { createHubClient } from '../hub-client/hub-client.js';
import { createListener, type ListenerEvent } from '../listener/listener.js';
import { createAgentLogger } from '../log.js';
import { RANDOM_AGENT_NAME_BYTES } from '@outpost/protocol';
import { USER_AGENT } from '../version.js';

/** `agent start`: configuration → name → register → sync loop; resolves with the exit code of spec §2.7. */
export async function startCommand(argv: readonly string[], env: Record<string, string | undefined>): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(startHelp());
    return 0;
  }
  const { config, timings } = await loadConfig(argv, env);
  const log = createAgentLogger(env, String(config.options['log-format'] ?? ''));
  // The AWS signing code is loaded only when asked for; every other agent starts without it.
  const sts = config.options['name-from-aws-sts'] === true ? (await import('../host/aws-sts-name.js')).awsStsNamingOf(config.options, env) : undefined;
  const choice = sts ? { ok: true as const, name: sts.logName, source: 'name-from-aws-sts' } : chooseAgentName({
    name: config.name,
    nameFromEnv: config.nameFromEnv,
    env,
    randomName: () => randomAgentName(randomBytes(RANDOM_AGENT_NAME_BYTES)),
  });
  if (!choice.ok) throw new AgentError('name-invalid', { detail: choice.problem });
  log.info({ agent: logNameOf(choice.name), endpoint: baseUrlOf(config), nameSource: choice.source }, 'agent starting');
  const client = createHubClient({ baseUrl: baseUrlOf(config), userAgent: USER_AGENT, timeoutMs: timings.httpTimeoutMs });
  const host = await readHostFacts();
  const listener = createListener({ config, timings, client, log, host, name: choice.name, nameForRegistration: sts?.next, onEvent: eventsToParent() });
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'signal received');
    listener.interrupt();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await listener.run();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * With an IPC channel (a supervising Node process; the e2e tests) the listener's typed events go to the parent as
 * messages, so it can wait on what the agent did instead of reading its log. Without one there is nothing to send.
 */
function eventsToParent(): ((event: ListenerEvent) => void) | undefined {
  const send = process.send?.bind(process);
  if (!send) return undefined;
  return (event) => {
    // A parent that went away leaves a closed channel; the agent carries on without it.
    if (process.connected) send(event);
  };
}

export function startHelp(): string {
  const rows = START_OPTIONS.map((o) => {
    const flag = `--${o.key}${o.type === 'boolean' ? '' : ' <value>'}`;
    const env = envNameOf(o) ?? '(flag only)';
    return `  ${flag.padEnd(42)}${o.description}\n  ${''.padEnd(42)}env ${env}${o.unsupported ? ' (not supported)' : ''}\n`;
  });
  return `Usage: agent start [flags]\n\nEvery flag is also a YAML key of --config-file and an environment variable;\na flag beats the environment, which beats the file.\n\n${rows.join('')}`;
}
