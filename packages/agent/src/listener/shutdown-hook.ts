import { spawn } from 'node:child_process';
import type { Logger } from 'pino';
import type { ShutdownReason } from './shutdown-policy.js';

/**
 * Runs `bash <path>` after disconnect and before exit (spec §2.7) with SEMAPHORE_AGENT_SHUTDOWN_REASON in its
 * environment; blocking, no timeout, output only logged. A failing hook is logged and the agent exits anyway.
 */
export function runShutdownHook(path: string, reason: ShutdownReason, log: Logger): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn('bash', [path], {
      env: { ...process.env, SEMAPHORE_AGENT_SHUTDOWN_REASON: reason },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8192);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => {
      log.error({ err: error, path }, 'the shutdown hook could not start');
      resolve();
    });
    child.on('close', (code) => {
      if (code === 0) log.info({ path, output }, 'shutdown hook finished');
      else log.error({ path, exitCode: code, output }, 'shutdown hook failed');
      resolve();
    });
  });
}
