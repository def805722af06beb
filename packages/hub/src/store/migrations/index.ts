import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-dispatch.js';
import * as m0003 from './0003-log-chunks.js';
import * as m0004 from './0004-requested-jobs.js';
import * as m0005 from './0005-drop-last-sync-index.js';
import * as m0006 from './0006-job-agent-ip.js';
import * as m0007 from './0007-pipelines.js';
import * as m0008 from './0008-secrets.js';
import * as m0009 from './0009-projects.js';
import * as m0010 from './0010-commit-statuses.js';
import * as m0011 from './0011-teams.js';
import * as m0012 from './0012-drop-duplicate-queue-index.js';
import * as m0013 from './0013-log-bytes.js';

/** Migrations live in code (not read from disk) so that the bundled hub carries them. Append, never edit. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-dispatch': m0002,
  '0003-log-chunks': m0003,
  '0004-requested-jobs': m0004,
  '0005-drop-last-sync-index': m0005,
  '0006-job-agent-ip': m0006,
  '0007-pipelines': m0007,
  '0008-secrets': m0008,
  '0009-projects': m0009,
  '0010-commit-statuses': m0010,
  '0011-teams': m0011,
  '0012-drop-duplicate-queue-index': m0012,
  '0013-log-bytes': m0013,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
