/** The agent's version: sent at registration, in the User-Agent and by `agent version` (kept equal to package.json by a test). */
export const AGENT_VERSION = '0.1.0';

/** The User-Agent keeps the official agent's `SemaphoreAgent/<version>` shape so hubs parse it alike. */
export const USER_AGENT = `SemaphoreAgent/v${AGENT_VERSION}-outpost`;

/** Set by the bundler (scripts/bundle.mjs --define); absent when the agent runs from tsc's output. */
declare const OUTPOST_AGENT_COMMIT: string | undefined;

/** The git commit the agent was built from, or 'unknown' when it runs unbundled. */
export const AGENT_COMMIT: string = typeof OUTPOST_AGENT_COMMIT === 'string' ? OUTPOST_AGENT_COMMIT : 'unknown';
