import { isSea } from 'node:sea';
import { AGENT_COMMIT, AGENT_VERSION } from '../version.js';

/** `agent version`: the version alone on the first line (as the official agent prints it), then commit and platform. */
export function versionCommand(write: (text: string) => void = (t) => process.stdout.write(t)): number {
  const runtime = isSea() ? 'single executable' : `Node.js ${process.version}`;
  write(`${AGENT_VERSION}\ncommit: ${AGENT_COMMIT}\nplatform: ${process.platform}-${process.arch} (${runtime})\n`);
  return 0;
}
