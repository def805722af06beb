import { Writable } from 'node:stream';
import { TestRunner, afterAll, onTestFinished } from 'vitest';
import { resolveHubConfig, type HubConfig } from '../../src/config.js';
import { startHub as startHubProcess, type RunningHub } from '../../src/main.js';
import { openConnectionsTo, testDatabase, type TestDatabase, type TestDialect } from './test-database.js';

export interface TestHub extends RunningHub {
  db: TestDatabase;
  /** Every log line the hub wrote, raw. */
  logLines: string[];
  /** What the hub printed to stdout outside the log (the one-time first-start message). */
  printed: string[];
  /** Started with `keepForFile`: stopped when the file ends. */
  keptForFile: boolean;
  /** Closes the hub and drops its database; idempotent. Fails when the hub left something open. */
  stop(): Promise<void>;
}

/** Every hub not yet stopped, with where it was started (for the leak report). */
const open = new Map<TestHub, string>();

/**
 * The leak guard (STYLE §11.9). A hub belongs to the test that started it and stops when that test finishes (its
 * declared lifetime, like `await using`), or to the file with `keepForFile`. Stopping checks that the hub really let
 * go of everything (server, held syncs, database connections) and fails the test when it did not; a hub started
 * where no test owns it is refused. Nothing is closed behind a test's back.
 */
afterAll(async () => {
  const unowned = [...open].filter(([hub]) => !hub.keptForFile);
  for (const [hub] of [...open]) await hub.stop();
  if (unowned.length > 0) throw new Error(`leak guard: hub(s) outlived their test:\n${unowned.map(([, where]) => where).join('\n')}`);
});

/** A real hub on port 0 with a fresh database, in this process. */
export async function startHub(
  options: {
    dialect?: TestDialect;
    env?: Record<string, string>;
    config?: Partial<HubConfig>;
    now?: () => number;
    /** Keep the hub until the end of the file instead of closing it after the current test. */
    keepForFile?: boolean;
  } = {},
): Promise<TestHub> {
  const db = await testDatabase(options.dialect ?? 'sqlite');
  const config: HubConfig = {
    ...resolveHubConfig({ port: 0, host: '127.0.0.1', dataDir: db.dataDir, logLevel: 'debug' }, { ...options.env }),
    databaseUrl: db.databaseUrl,
    ...options.config,
  };
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  const printed: string[] = [];
  const running = await startHubProcess(config, { logDestination: destination, now: options.now, print: (text) => printed.push(text) }).catch(
    async (error: unknown) => {
      // A hub that refuses to start (tests of bad configuration) leaves no database behind either.
      await db.drop();
      throw error;
    },
  );
  let stopping: Promise<void> | undefined;
  const hub: TestHub = {
    ...running,
    db,
    logLines,
    printed,
    keptForFile: options.keepForFile === true,
    stop() {
      stopping ??= stopAndCheck(running, db).finally(() => open.delete(hub));
      return stopping;
    },
  };
  open.set(hub, `  started ${startedWhere(new Error().stack)}`);
  // A test that stopped the hub itself has seen how that went; otherwise the end of the test stops it.
  if (!options.keepForFile) ownByCurrentTest(hub, () => (stopping ? undefined : hub.stop()));
  return hub;
}

/** Ties the hub to the running test; a hub started outside a test must say it lives for the file. */
function ownByCurrentTest(hub: TestHub, finish: () => Promise<void> | undefined): void {
  if (!TestRunner.getCurrentTest()) {
    void hub.stop();
    throw new Error('startHub() outside a test: pass { keepForFile: true } for a hub shared by the tests of a file');
  }
  onTestFinished(finish);
}

/** Closes the hub, fails if it left its server listening or a database connection open, then drops the database. */
async function stopAndCheck(running: RunningHub, db: TestDatabase): Promise<void> {
  try {
    await running.close();
    const problems: string[] = [];
    if (running.app.server.listening) problems.push('its HTTP server still listens');
    if (running.services.longPoll.heldCount() > 0) problems.push(`${running.services.longPoll.heldCount()} sync(s) still held`);
    const connections = await openConnectionsTo(db);
    if (connections > 0) problems.push(`${connections} connection(s) to ${db.databaseUrl} still open`);
    if (problems.length > 0) throw new Error(`leak guard: the hub did not close everything: ${problems.join('; ')}`);
  } finally {
    await db.drop();
  }
}

function startedWhere(stack: string | undefined): string {
  const lines = (stack ?? '').split('\n').slice(1);
  return (lines.find((line) => line.includes('.test.ts')) ?? lines[1] ?? '(unknown)').trim();
}
