import { AGENT_VERSION } from '../version.js';

/** `agent version`: the version on one line, as the official agent prints it. */
export function versionCommand(write: (text: string) => void = (t) => process.stdout.write(t)): number {
  write(`${AGENT_VERSION}\n`);
  return 0;
}
