/** The agent's version: sent at registration, in the User-Agent and by `agent version` (kept equal to package.json by a test). */
export const AGENT_VERSION = '0.1.0';

/** The User-Agent keeps the official agent's `SemaphoreAgent/<version>` shape so hubs parse it alike. */
export const USER_AGENT = `SemaphoreAgent/v${AGENT_VERSION}-outpost`;
