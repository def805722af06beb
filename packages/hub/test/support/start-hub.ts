import { Writable } from 'node:stream';
import { afterAll, afterEach } from 'vitest';
import { resolveHubConfig, type HubConfig } from '../../src/config.js';
import { startHub as startHubProcess, type RunningHub } from '../../src/main.js';
import { testDatabase, type TestDatabase, type TestDialect } from './test-database.js';

export interface TestHub extends RunningHub {
  db: TestDatabase;
  /** Every log line the hub wrote, raw. */
  logLines: string[];
  /** What the hub printed to stdout outside the log (the one-time first-start message). */
  printed: string[];
  stop(): Promise<void>;
}

const open = new Set<TestHub>();
const openForFile = new Set<TestHub>();

/** Closes every hub a test started; a test that forgets to stop one still leaves nothing running. */
afterEach(async () => {
  const leftovers = [...open];
  open.clear();
  for (const hub of leftovers) await hub.stop();
});

/** Hubs started with `keepForFile` (one hub shared by a table of tests) close when the file ends. */
afterAll(async () => {
  const leftovers = [...openForFile];
  openForFile.clear();
  for (const hub of leftovers) await hub.stop();
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
  const hub: TestHub = {
    ...running,
    db,
    logLines,
    printed,
    async stop() {
      open.delete(hub);
      openForFile.delete(hub);
      await running.close();
      await db.drop();
    },
  };
  (options.keepForFile ? openForFile : open).add(hub);
  return hub;
}
