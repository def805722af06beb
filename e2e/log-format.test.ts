import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../test-support/wait-for.js';
import { AGENT_BIN, HUB_BIN, kill, run, tempDir, type Proc } from './agent/support/processes.js';

/**
 * The hub and the agent print readable lines (time, level, message, key fields) on a terminal, and JSON lines into
 * a pipe or with --log-format json. `script` gives a process a real terminal.
 */
const ANSI = new RegExp(String.raw`\u001b\[[0-9;]*m`, 'g');
const READABLE = (message: string) => new RegExp(String.raw`^\[\d\d:\d\d:\d\d\.\d{3}\] (INFO|WARN): ${message}( \{.*\})?\r?$`, 'm');

function onTerminal(command: string[], env: Record<string, string>): Proc {
  return run(['-qec', command.map((word) => `'${word}'`).join(' '), '/dev/null'], env, { bin: '/usr/bin/script' });
}

async function outputUntil(proc: Proc, text: string): Promise<string> {
  await waitFor(() => proc.output().replace(ANSI, '').includes(text), { timeoutMs: 20_000, message: `'${text}' in ${proc.output()}` });
  await kill(proc);
  return proc.output().replace(ANSI, '');
}

describe.skipIf(process.platform !== 'linux')('log lines', () => {
  const agentStart = [process.execPath, AGENT_BIN, 'start', '--endpoint', '127.0.0.1:9', '--no-https', '--token', 't', '--name', 'log-format-agent'];

  it('the agent: readable on a terminal, JSON lines into a pipe and in its log file, and JSON with --log-format json', async () => {
    const file = join(tempDir(), 'agent.log');
    const env = { HOME: tempDir(), SEMAPHORE_AGENT_LOG_FILE_PATH: file };
    const terminal = await outputUntil(onTerminal(agentStart, env), 'registration failed');
    expect(terminal).toMatch(READABLE('agent starting'));
    expect(terminal).toContain('"agent":"log-format-agent"');
    expect(JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!)).toMatchObject({ msg: 'agent starting', agent: 'log-format-agent' });

    const piped = await outputUntil(run(agentStart.slice(1), env), 'registration failed');
    expect(JSON.parse(piped.split('\n')[0]!)).toMatchObject({ level: 30, msg: 'agent starting' });
    const forced = await outputUntil(onTerminal([...agentStart, '--log-format', 'json'], env), 'registration failed');
    expect(JSON.parse(forced.split('\n')[0]!)).toMatchObject({ level: 30, msg: 'agent starting' });
  });

  it('the hub: readable on a terminal, JSON lines into a pipe, readable with --log-format pretty', async () => {
    const hubStart = [process.execPath, HUB_BIN, 'hub', '--host', '127.0.0.1', '--port', '0'];
    const terminal = await outputUntil(onTerminal([...hubStart, '--data-dir', tempDir()], {}), 'hub started');
    expect(terminal).toMatch(READABLE('hub started'));
    expect(terminal).toContain('"dialect":"sqlite"');

    const piped = await outputUntil(run([...hubStart.slice(1), '--data-dir', tempDir()], {}), '"hub started"');
    expect(piped.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { msg: string }).map((l) => l.msg)).toContain('hub started');
    const forced = await outputUntil(run([...hubStart.slice(1), '--data-dir', tempDir(), '--log-format', 'pretty'], {}), 'hub started');
    expect(forced).toMatch(READABLE('hub started'));
  });
});
